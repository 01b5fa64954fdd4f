import Foundation
import SPOCore
import SPOModelInterface

/// Fills the slots a race round leaves idle with requests asked ahead.
///
/// Called when the round's queue has run dry (by each worker that finds it
/// so, and by each request asked ahead when it ends): while the round still
/// waits for answers, it starts the next round's requests of the racers sure
/// to survive, up to the free slots. Never once the round is complete or a
/// stop is raised, so the round's end is not held up and nothing is asked
/// that the race would not ask anyway.
final class AheadPump: @unchecked Sendable {
    private let plan: RaceLookahead
    private let board: AnswerBoard
    /// Where each example of the round is on the board: key → index → (job, position).
    private let positions: [ScoreKey: [Int: (job: Int, position: Int)]]
    private let store: AskedAhead
    private let slots: Int
    private let stop: StopFlag
    private let send: @Sendable (RaceLookahead.Request) async -> AskedAhead.Answer?
    private let lock = NSLock()

    init(
        plan: RaceLookahead, board: AnswerBoard, jobs: [(key: ScoreKey, indices: [Int])], store: AskedAhead, slots: Int,
        stop: StopFlag, send: @escaping @Sendable (RaceLookahead.Request) async -> AskedAhead.Answer?
    ) {
        self.plan = plan
        self.board = board
        var positions: [ScoreKey: [Int: (job: Int, position: Int)]] = [:]
        for (j, job) in jobs.enumerated() {
            for (p, index) in job.indices.enumerated() { positions[job.key, default: [:]][index] = (j, p) }
        }
        self.positions = positions
        self.store = store
        self.slots = slots
        self.stop = stop
        self.send = send
    }

    func pump() {
        // One at a time: two idle slots must not both count the same free slot.
        lock.withLock {
            guard !stop.isRaised else { return }
            var free = slots - board.unanswered - store.inFlight
            guard free > 0, board.unanswered > 0 else { return }
            let answers = board.snapshot()
            let wanted = plan.requests { key, index in
                guard let at = self.positions[key]?[index] else { return nil }
                return answers[at.job][at.position]?.item
            }
            for r in wanted where free > 0 {
                let started = store.start(r.key, r.index, if: { board.isOpen }) { [self] in
                    if let answer = await send(r) {
                        store.land(r.key, answer)
                    } else {
                        store.fail(r.key, r.index)
                    }
                    pump()
                }
                if started { free -= 1 }
            }
        }
    }
}
