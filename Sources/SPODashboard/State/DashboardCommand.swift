public import SPOCore

/// What a key asks of the outside world: the engine (an `EngineCommand`), the
/// driver (open an editor, write an export, quit) or the replay player.
public enum DashboardCommand: Sendable, Hashable {
    /// For the engine, as is (pin, prune, pause, resume, stop, add): the
    /// driver queues it without looking inside, except that a stop counts as
    /// one of the user's stop requests.
    case engine(EngineCommand)
    /// Open `$EDITOR` for a hand-written candidate (the driver calls
    /// `openInlineEditor` when there is none).
    case edit(kind: CandidateKind, task: String?)
    /// Write the candidate's text to the exports folder.
    case export(String)
    case quit
    /// The answer to `Overlay.confirmStart`: start the run, or do not.
    case startConfirmed(Bool)
    /// Replay: apply one more event.
    case step
    /// Replay: jump to the start of the next (+1) or previous (-1) iteration.
    case seekIteration(Int)
}
