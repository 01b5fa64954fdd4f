/// The system prompts that are best somewhere (`selection: pareto`, issue 21):
/// every candidate scored in full whose per-task scores no other candidate
/// dominates (at least as good on every task, better on one).
///
/// Ties and near-ties go by the mean: of candidates whose scores are the same
/// on every task only one stays (the higher mean, then the newer); a front
/// larger than `cap` keeps its best means. Pinned candidates always stay (and
/// count toward the cap); pruned ones never enter.
///
/// ```swift
/// let f = ParetoFront(members: [
///     .init(id: "S1", scores: ["a": 0.5, "b": 0.5], ordinal: 0),
///     .init(id: "S2", scores: ["a": 0.8, "b": 0.4], ordinal: 1),
///     .init(id: "S3", scores: ["a": 0.4, "b": 0.4], ordinal: 2),
/// ], cap: 9)
/// f.ids            // ["S1", "S2"]: S3 is dominated by S1
/// f.bestCount("S2") // 1 (best on a)
/// ```
public struct ParetoFront: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var id: String
        /// Score per source task (the selection split).
        public var scores: [String: Double]
        /// Creation order: of exact ties the newer stays.
        public var ordinal: Int
        public var pinned: Bool
        public var pruned: Bool

        public init(id: String, scores: [String: Double], ordinal: Int, pinned: Bool = false, pruned: Bool = false) {
            self.id = id
            self.scores = scores
            self.ordinal = ordinal
            self.pinned = pinned
            self.pruned = pruned
        }

        /// Summed in task-name order: a dictionary's order changes from process
        /// to process, and a sum in another order can differ in its last bit,
        /// which would break a tie between two means differently on resume.
        public var mean: Double { scores.isEmpty ? 0 : scores.keys.sorted().reduce(0) { $0 + scores[$1]! } / Double(scores.count) }

        /// At least as good on every task and better on one (same tasks assumed).
        public func dominates(_ other: Member) -> Bool {
            var better = false
            for (task, s) in scores {
                guard let o = other.scores[task] else { return false }
                if s < o { return false }
                if s > o { better = true }
            }
            return better && Set(scores.keys) == Set(other.scores.keys)
        }
    }

    /// The front, best mean first.
    public var members: [Member]

    public init(members candidates: [Member], cap: Int) {
        let live = candidates.filter { !$0.pruned }
        var front = live.filter { c in c.pinned || !live.contains { $0.dominates(c) } }
        // Same scores everywhere: one of them stays (pinned ones all stay).
        front.sort { Self.ahead($0, $1) }
        var seen: [[String: Double]] = []
        front = front.filter { m in
            if m.pinned { return true }
            if seen.contains(m.scores) { return false }
            seen.append(m.scores)
            return true
        }
        let pinned = front.filter(\.pinned)
        let rest = front.filter { !$0.pinned }
        let kept = Set((pinned + rest.prefix(max(0, cap - pinned.count))).map(\.id))
        members = front.filter { kept.contains($0.id) }
    }

    /// Members taken as they are (already a front), in the order given.
    public init(unfiltered members: [Member]) {
        self.members = members
    }

    /// Higher mean first, then the newer. Means closer than rounding noise
    /// (1e-12) are a tie: 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in their last bit.
    static func ahead(_ a: Member, _ b: Member) -> Bool {
        abs(a.mean - b.mean) > 1e-12 ? a.mean > b.mean : a.ordinal > b.ordinal
    }

    public var ids: [String] { members.map(\.id) }

    /// The member with the best mean (the run's system prompt under `pareto`).
    public var best: Member? { members.first }

    /// On how many tasks `id` has the front's best score (ties count for each).
    public func bestCount(_ id: String) -> Int { tasksWon(by: id).count }

    /// The tasks on which `id` has the front's best score (ties count for each).
    public func tasksWon(by id: String) -> Set<String> {
        guard let m = members.first(where: { $0.id == id }) else { return [] }
        return Set(m.scores.filter { task, s in members.allSatisfy { ($0.scores[task] ?? -1) <= s } }.keys)
    }

    /// A parent drawn from the front, weighted by `bestCount` (each member
    /// at least 1, so none is starved), with `rng`.
    public func sampleParent(using rng: inout SeededRandom) -> String? {
        guard !members.isEmpty else { return nil }
        let weights = members.map { max(1, bestCount($0.id)) }
        var pick = rng.below(weights.reduce(0, +))
        for (m, w) in zip(members, weights) {
            if pick < w { return m.id }
            pick -= w
        }
        return members.last?.id
    }

    /// The tasks where `id` is weakest against the front's best, worst first:
    /// where its rewrite should look for failures.
    public func weakestTasks(of id: String) -> [String] {
        guard let m = members.first(where: { $0.id == id }) else { return [] }
        let gap = m.scores.map { task, s in (task, (members.map { $0.scores[task] ?? 0 }.max() ?? s) - s) }
        return gap.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
    }
}
