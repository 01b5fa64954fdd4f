import Foundation

/// How a race grows its subsample and when it drops a candidate
/// (`strategy: racing`; see docs/engine.md, "Racing").
///
/// Pure: the schedule depends only on the number of examples, and the drops
/// only on the answers so far, so a resumed run races the same way.
public struct RacePolicy: Sendable, Hashable {
    /// The smallest first round, in examples per candidate: fewer say too
    /// little about a difference of a few points to halve on.
    public var minFirstRound: Int
    /// At most this many rounds; each doubles the subsample, the last is the full set.
    public var maxRounds: Int
    /// One-sided z of the confidence bound: a candidate goes when the paired
    /// difference to the reference is more than `z` standard errors below zero.
    public var z: Double
    /// Smallest variance assumed for a paired difference of 0/1 answers, so
    /// that a handful of identical answers is not taken as certainty.
    public var minVariance: Double

    public init(minFirstRound: Int = 20, maxRounds: Int = 5, z: Double = 2, minVariance: Double = 0.25) {
        self.minFirstRound = minFirstRound
        self.maxRounds = maxRounds
        self.z = z
        self.minVariance = minVariance
    }

    public static let standard = RacePolicy()

    /// Examples per candidate after each round: full, full/2, full/4, … down to
    /// `minFirstRound`, at most `maxRounds` of them, smallest first.
    public func schedule(full: Int) -> [Int] {
        guard full > 0 else { return [] }
        var sizes = [full]
        while sizes.count < maxRounds {
            let next = (sizes.last! + 1) / 2
            guard next >= minFirstRound, next < sizes.last! else { break }
            sizes.append(next)
        }
        return sizes.reversed()
    }

    /// The exhaustive strategy's schedule: everything at once.
    public static func exhaustive(full: Int) -> [Int] { full > 0 ? [full] : [] }

    /// One entrant's answers on the shared subsample, in subsample order.
    public struct Entrant: Sendable, Hashable {
        public enum Role: Sendable, Hashable {
            /// Already fully scored (the current prompt, kept ones): compared for free, never dropped.
            case incumbent
            /// Racing; may be dropped.
            case candidate
            /// Racing but pinned: scored to the end whatever it does.
            case protected
        }

        public var id: String
        /// 0…1 per example (1 right, 0 wrong, or a custom scorer's credit).
        public var values: [Double]
        public var formatErrors: Int
        /// Creation order: the newer one wins an exact tie.
        public var ordinal: Int
        public var role: Role

        public init(id: String, values: [Double], formatErrors: Int, ordinal: Int, role: Role) {
            self.id = id
            self.values = values
            self.formatErrors = formatErrors
            self.ordinal = ordinal
            self.role = role
        }

        public var mean: Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
    }

    /// Best first, by the tie rule: mean, then fewer format errors, then the newer.
    public static func ranked(_ entrants: [Entrant]) -> [Entrant] {
        entrants.sorted { a, b in
            if a.mean != b.mean { return a.mean > b.mean }
            if a.formatErrors != b.formatErrors { return a.formatErrors < b.formatErrors }
            return a.ordinal > b.ordinal
        }
    }

    /// Whether `a` is clearly better than `b` on the same examples: the mean
    /// paired difference exceeds `z` standard errors.
    public func clearlyBetter(_ a: Entrant, than b: Entrant) -> Bool {
        let n = min(a.values.count, b.values.count)
        guard n > 0 else { return false }
        var sum = 0.0, sumSq = 0.0
        for i in 0..<n {
            let d = a.values[i] - b.values[i]
            sum += d
            sumSq += d * d
        }
        let mean = sum / Double(n)
        let variance = max(minVariance, sumSq / Double(n) - mean * mean)
        return mean > z * (variance / Double(n)).squareRoot()
    }

    /// The candidates to drop under `selection: pareto`, best-ranked first. A
    /// prompt worse on the mean may still be the best on one task, and that is
    /// what the front keeps, so neither the mean nor halving drops anything: a
    /// candidate goes only when on **every** task some other entrant is
    /// clearly better than it there (`clearlyBetter` on that task's examples
    /// alone), so it can no longer be best anywhere.
    /// - Parameters:
    ///   - tasks: the task of each value index (the subsample's items).
    ///   - allTasks: every task of the race (nil: those in `tasks`); a task
    ///     with no example in the subsample yet is one where nobody is beaten.
    public func paretoDrops(_ entrants: [Entrant], tasks: [String], allTasks: [String]? = nil) -> [String] {
        var order: [String] = []
        for t in tasks where !order.contains(t) { order.append(t) }
        guard !order.isEmpty else { return [] }
        if let allTasks, allTasks.contains(where: { !order.contains($0) }) { return [] }
        func only(_ e: Entrant, _ task: String) -> Entrant {
            var copy = e
            copy.values = zip(e.values, tasks).compactMap { $0.1 == task ? $0.0 : nil }
            return copy
        }
        let ranking = Self.ranked(entrants)
        var dropped = Set<String>()
        for e in ranking where e.role == .candidate && e.values.count == tasks.count {
            let beatenEverywhere = order.allSatisfy { task in
                ranking.contains { o in o.id != e.id && o.values.count == tasks.count && clearlyBetter(only(o, task), than: only(e, task)) }
            }
            if beatenEverywhere { dropped.insert(e.id) }
        }
        return ranking.map(\.id).filter { dropped.contains($0) }
    }

    /// The candidates to drop after a round that did not cover every example,
    /// best-ranked first.
    ///
    /// - Bound: a candidate clearly worse than the `keep`-th best of the others
    ///   goes: it cannot reach the places the race fills.
    /// - Halving (when `halvingFloor` is set): of the racing prompts left, the
    ///   best `max(halvingFloor, ⌈racing/2⌉)` stay, pinned ones first.
    /// - Parameters:
    ///   - entrants: incumbents and the prompts still racing.
    ///   - keep: places the race fills (top-k user prompts; one system prompt).
    public func drops(_ entrants: [Entrant], keep: Int, halvingFloor: Int?) -> [String] {
        let ranking = Self.ranked(entrants)
        var dropped = Set<String>()
        for e in ranking where e.role == .candidate {
            let others = ranking.filter { $0.id != e.id }
            guard keep >= 1, others.count >= keep else { continue }
            if clearlyBetter(others[keep - 1], than: e) { dropped.insert(e.id) }
        }
        if let floor = halvingFloor {
            let racing = ranking.filter { $0.role != .incumbent }
            let cap = max(floor, (racing.count + 1) / 2)
            // Pinned racers take their places first; the best of the rest fill the others.
            var stay = racing.filter { $0.role == .protected }.count
            for c in racing where c.role == .candidate && !dropped.contains(c.id) {
                if stay < cap {
                    stay += 1
                } else {
                    dropped.insert(c.id)
                }
            }
        }
        return ranking.map(\.id).filter { dropped.contains($0) }
    }
}
