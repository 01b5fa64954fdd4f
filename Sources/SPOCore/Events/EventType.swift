/// The `type` of an event line: every type this version reads and writes, in
/// the order of `docs/events.md`. The raw values are the bytes on disk.
///
/// What each type means for the writer and for resume lives here, once:
/// `syncsAtOnce` (the session writer fsyncs the line at once) and
/// `isStructural` (the event describes the search, so a resumed run must write
/// it again identically).
public enum EventType: String, Sendable, Hashable, CaseIterable {
    case runStarted = "run_started"
    case candidateCreated = "candidate_created"
    case phaseStarted = "phase_started"
    case phaseFinished = "phase_finished"
    case evaluationProgress = "evaluation_progress"
    case evaluationFinished = "evaluation_finished"
    case analysisCreated = "analysis_created"
    case candidateRejected = "candidate_rejected"
    case selection
    case command
    case commandRefused = "command_refused"
    case usage
    case warning
    case error
    case paused
    case resumed
    case budgetReached = "budget_reached"
    case race
    case runFinished = "run_finished"
    case stopped

    /// Lines a crash must not lose: where a run starts, what it kept, why it
    /// ended or paused. The others reach the disk within the sync interval.
    public var syncsAtOnce: Bool {
        switch self {
        case .runStarted, .selection, .runFinished, .stopped, .budgetReached, .error, .paused: true
        default: false
        }
    }

    /// Events that describe the search itself and must come out the same when
    /// a run is resumed and replays its log (progress, usage, warnings and
    /// pauses may differ).
    public var isStructural: Bool {
        switch self {
        case .runStarted, .candidateCreated, .phaseStarted, .phaseFinished, .evaluationFinished, .analysisCreated,
            .candidateRejected, .selection, .command, .race, .runFinished:
            true
        default:
            false
        }
    }
}
