/// One thing that happened in a run. The same values feed the session file, the
/// dashboard and replay; `EventRecord` adds the `seq` and `t` every line carries.
///
/// Field names on the wire are snake_case and listed in `docs/events.md`.
/// Reading is tolerant: unknown fields are ignored and an unknown `type` is kept
/// whole as `.unknown`, so a newer writer's events survive a round trip.
public enum EngineEvent: Sendable, Hashable {
    case runStarted(RunStarted)
    case candidateCreated(CandidateCreated)
    case phaseStarted(Phase)
    case phaseFinished(Phase)
    case evaluationProgress(EvaluationProgress)
    case evaluationFinished(EvaluationFinished)
    case analysisCreated(AnalysisCreated)
    case candidateRejected(CandidateRejected)
    case selection(Selection)
    case command(Command)
    case commandRefused(CommandRefused)
    case usage(Usage)
    case warning(message: String)
    case error(message: String)
    case paused
    case resumed
    case budgetReached(BudgetReached)
    case race(Race)
    case runFinished(RunFinished)
    case stopped(Stopped)
    /// A type this version does not know: its name and its other fields (an
    /// object, in the order read), written back unchanged.
    case unknown(type: String, fields: JSONValue)

    /// Every type this version reads and writes, in the order of `docs/events.md`.
    public static let knownTypes: [String] = EventType.allCases.map(\.rawValue)

    /// The event's type; nil for a type this version does not know.
    public var eventType: EventType? {
        switch self {
        case .runStarted: .runStarted
        case .candidateCreated: .candidateCreated
        case .phaseStarted: .phaseStarted
        case .phaseFinished: .phaseFinished
        case .evaluationProgress: .evaluationProgress
        case .evaluationFinished: .evaluationFinished
        case .analysisCreated: .analysisCreated
        case .candidateRejected: .candidateRejected
        case .selection: .selection
        case .command: .command
        case .commandRefused: .commandRefused
        case .usage: .usage
        case .warning: .warning
        case .error: .error
        case .paused: .paused
        case .resumed: .resumed
        case .budgetReached: .budgetReached
        case .race: .race
        case .runFinished: .runFinished
        case .stopped: .stopped
        case .unknown: nil
        }
    }

    /// The `type` written on the line.
    public var type: String {
        if case .unknown(let type, _) = self { return type }
        return eventType?.rawValue ?? ""
    }

    /// The event's own fields (everything but `seq`, `t` and `type`), in wire order.
    public var fields: [(key: String, value: JSONValue)] {
        var w = EventFieldWriter()
        switch self {
        case .runStarted(let e): e.write(to: &w)
        case .candidateCreated(let e): e.write(to: &w)
        case .phaseStarted(let e), .phaseFinished(let e): e.write(to: &w)
        case .evaluationProgress(let e): e.write(to: &w)
        case .evaluationFinished(let e): e.write(to: &w)
        case .analysisCreated(let e): e.write(to: &w)
        case .candidateRejected(let e): e.write(to: &w)
        case .selection(let e): e.write(to: &w)
        case .command(let e): e.write(to: &w)
        case .commandRefused(let e): e.write(to: &w)
        case .usage(let e): e.write(to: &w)
        case .warning(let message), .error(let message): w.add("message", message)
        case .paused, .resumed: break
        case .budgetReached(let e): e.write(to: &w)
        case .race(let e): e.write(to: &w)
        case .runFinished(let e): e.write(to: &w)
        case .stopped(let e): e.write(to: &w)
        case .unknown(_, let fields): return fields.objectValue ?? []
        }
        return w.pairs
    }

    /// Builds an event of `type` from its fields. Unknown types become `.unknown`;
    /// a known type with a missing or mistyped field is an error naming the field.
    public static func decode(type: String, fields: [(key: String, value: JSONValue)]) throws(SPOError) -> EngineEvent {
        let r = EventFieldReader(fields, context: type)
        guard let known = EventType(rawValue: type) else { return .unknown(type: type, fields: .object(fields)) }
        switch known {
        case .runStarted: return .runStarted(try RunStarted(fields: r))
        case .candidateCreated: return .candidateCreated(try CandidateCreated(fields: r))
        case .phaseStarted: return .phaseStarted(try Phase(fields: r))
        case .phaseFinished: return .phaseFinished(try Phase(fields: r))
        case .evaluationProgress: return .evaluationProgress(try EvaluationProgress(fields: r))
        case .evaluationFinished: return .evaluationFinished(try EvaluationFinished(fields: r))
        case .analysisCreated: return .analysisCreated(try AnalysisCreated(fields: r))
        case .candidateRejected: return .candidateRejected(try CandidateRejected(fields: r))
        case .selection: return .selection(try Selection(fields: r))
        case .command: return .command(try Command(fields: r))
        case .commandRefused: return .commandRefused(try CommandRefused(fields: r))
        case .usage: return .usage(try Usage(fields: r))
        case .warning: return .warning(message: try r.string("message"))
        case .error: return .error(message: try r.string("message"))
        case .paused: return .paused
        case .resumed: return .resumed
        case .budgetReached: return .budgetReached(try BudgetReached(fields: r))
        case .race: return .race(try Race(fields: r))
        case .runFinished: return .runFinished(try RunFinished(fields: r))
        case .stopped: return .stopped(try Stopped(fields: r))
        }
    }
}
