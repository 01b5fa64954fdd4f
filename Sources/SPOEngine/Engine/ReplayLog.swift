import SPOCore

/// The events of an interrupted run, used to resume it.
///
/// A resumed engine runs the method again from the start. Its requests are the
/// same as before (seeds and sample indices are fixed when a request is issued),
/// so the response cache answers every call that had completed, and it produces
/// the same events. While it does, those events are already in the session and
/// are not written again; once it is past the end of the old log, it appends.
/// If an event differs (say the cache was cleared and a sampled optimizer reply
/// came out differently), the old log is cut at that point and the run goes on
/// from there, so the session always describes one consistent run.
struct ReplayLog: Sendable {
    /// Structural events of the old log, in order.
    private var pending: [EventRecord]
    private var index = 0
    /// The last seq and t in the old file (what new events continue from).
    let lastSeq: Int
    let lastT: Double

    init(records: [EventRecord]) {
        pending = records.filter { Self.isStructural($0.event) }
        lastSeq = records.last?.seq ?? 0
        lastT = records.last?.t ?? 0
    }

    var active: Bool { index < pending.count }

    /// Events that describe the search itself and must come out the same on replay.
    static func isStructural(_ e: EngineEvent) -> Bool { e.eventType?.isStructural ?? false }

    enum Outcome {
        /// Already in the log: do not write it again. `seq` is the logged
        /// line's (nil for events resume does not compare).
        case suppressed(seq: Int?)
        /// Differs from the log at this seq: cut the log there and write from it.
        case diverged(atSeq: Int)
    }

    mutating func consume(_ event: EngineEvent) -> Outcome {
        guard Self.isStructural(event) else { return .suppressed(seq: nil) }
        let old = pending[index]
        if Self.same(old.event, event) {
            index += 1
            return .suppressed(seq: old.seq)
        }
        return .diverged(atSeq: old.seq)
    }

    static func same(_ a: EngineEvent, _ b: EngineEvent) -> Bool {
        switch (a, b) {
        // Endpoints and keys may change on resume; the run itself may not.
        case (.runStarted(let x), .runStarted(let y)): return x.run == y.run && x.method == y.method && x.tasks == y.tasks
        case (.evaluationFinished(var x), .evaluationFinished(var y)):
            // Intervals are recomputed; compare what was measured.
            x.low = nil; x.high = nil; y.low = nil; y.high = nil
            return x == y
        // The summary holds timings; the outcome is the best system prompt.
        case (.runFinished(let x), .runFinished(let y)): return x.bestSystem == y.bestSystem
        default: return a == b
        }
    }

    /// The next old event when it is a command (applied at the same checkpoint).
    var nextCommand: EngineEvent.Command? {
        guard active, case .command(let c) = pending[index].event else { return nil }
        return c
    }

    /// The candidate a logged `add` command created (the event right after it).
    var candidateAfterCommand: EngineEvent.CandidateCreated? {
        guard index + 1 < pending.count, case .candidateCreated(let c) = pending[index + 1].event else { return nil }
        return c
    }
}
