/// What a person (or script) can ask of a running engine. Commands are applied
/// at checkpoints between steps, and each applied command is logged as an event,
/// so a resumed run applies them at the same points.
public enum EngineCommand: Sendable, Hashable {
    case pause
    case resume
    /// Finish the calls in flight, save, and stop resumably.
    case stop
    /// Keep a candidate whatever its score; a pinned system prompt becomes current.
    case pin(String)
    /// Never evaluate or select a candidate again.
    case prune(String)
    /// A hand-written candidate that then competes like the others. `task` names
    /// the task of a user prompt; nil for a system prompt.
    case add(kind: CandidateKind, text: String, task: String?)
}
