import Foundation
import SPOCore

/// Answers asked ahead of a race round, kept until the round asks for them.
///
/// While a round's last answers come in, its idle slots ask the next round's
/// examples of the racers sure to survive (`RaceLookahead`). Those answers
/// wait here; the next round's `evaluate` takes the ones that have landed and
/// waits for the ones still in flight instead of asking them again, so a race
/// asks exactly the examples it would have asked anyway, only sooner.
final class AskedAhead: @unchecked Sendable {
    /// One answer asked ahead; `failure` as in `askBase` (a malformed reply scored as a format error).
    struct Answer: Sendable {
        var outcome: ExampleOutcome
        var failure: String?
    }

    private let lock = NSLock()
    private var landed: [ScoreKey: [Int: Answer]] = [:]
    private var running: [ScoreKey: [Int: Task<Void, Never>]] = [:]
    private var runningCount = 0
    private var started = 0

    /// Requests in flight (or waiting for a slot) now.
    var inFlight: Int { lock.withLock { runningCount } }

    /// Requests asked ahead since the engine started.
    var startedCount: Int { lock.withLock { started } }

    /// Starts `work` for one example unless it is already in flight or landed,
    /// or `still` (checked under the lock) says the round is over.
    /// `work` must end with `land` or `fail` for the same example.
    ///
    /// `still` closes a race: the next round `take`s only after its round is
    /// over, so an example either is registered here before that `take` (and
    /// is waited for) or is not started at all, never asked by both.
    func start(_ key: ScoreKey, _ index: Int, if still: () -> Bool, _ work: @escaping @Sendable () async -> Void) -> Bool {
        lock.withLock {
            guard still(), running[key]?[index] == nil, landed[key]?[index] == nil else { return false }
            running[key, default: [:]][index] = Task { await work() }
            runningCount += 1
            started += 1
            return true
        }
    }

    func land(_ key: ScoreKey, _ answer: Answer) {
        lock.withLock {
            landed[key, default: [:]][answer.outcome.index] = answer
            finish(key, answer.outcome.index)
        }
    }

    /// The request got no answer (a stop, a budget, an endpoint that failed):
    /// the round will ask it itself.
    func fail(_ key: ScoreKey, _ index: Int) {
        lock.withLock { finish(key, index) }
    }

    private func finish(_ key: ScoreKey, _ index: Int) {
        if running[key]?.removeValue(forKey: index) != nil { runningCount -= 1 }
        if running[key]?.isEmpty == true { running[key] = nil }
    }

    /// Takes the landed answers among `indices` and names those still in flight.
    func take(_ key: ScoreKey, _ indices: [Int]) -> (landed: [Answer], inFlight: Set<Int>) {
        lock.withLock {
            var got: [Answer] = []
            var flying = Set<Int>()
            for i in indices {
                if let a = landed[key]?.removeValue(forKey: i) {
                    got.append(a)
                } else if running[key]?[i] != nil {
                    flying.insert(i)
                }
            }
            if landed[key]?.isEmpty == true { landed[key] = nil }
            return (got, flying)
        }
    }

    /// Waits until none of these examples is in flight.
    func wait(for examples: [ScoreKey: Set<Int>]) async {
        let tasks = lock.withLock { examples.flatMap { key, indices in indices.compactMap { running[key]?[$0] } } }
        for t in tasks { await t.value }
    }

    /// Waits for every request in flight, then forgets the answers no round
    /// took (a racer pruned meanwhile): the end of a race.
    func drain() async {
        while true {
            let tasks = lock.withLock { running.values.flatMap(\.values) }
            if tasks.isEmpty { break }
            for t in tasks { await t.value }
        }
        lock.withLock { landed = [:] }
    }
}
