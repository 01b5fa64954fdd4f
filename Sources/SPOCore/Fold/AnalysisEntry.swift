/// A failure analysis, with what was current when it was written, so the
/// wrong examples behind it can be found again.
public struct AnalysisEntry: Sendable, Hashable {
    public var event: EngineEvent.AnalysisCreated
    public var createdSeq: Int
    /// The system prompt in use when it was written.
    public var system: String?
    /// Kept user prompts per task when it was written (a system analysis pools
    /// the wrong answers of each task's best kept prompt).
    public var kept: [String: [String]]

    public var id: String { event.id }
}
