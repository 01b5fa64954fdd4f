public import SPOCore

/// What a key asks of the outside world: the engine (pin, prune, pause…), the
/// driver (open an editor, write an export, quit) or the replay player.
public enum DashboardCommand: Sendable, Hashable {
    case pin(String)
    case prune(String)
    case pause
    case resume
    /// Stop the run resumably.
    case stop
    /// Open `$EDITOR` for a hand-written candidate (the driver calls
    /// `openInlineEditor` when there is none).
    case edit(kind: CandidateKind, task: String?)
    /// Add a hand-written candidate with this text.
    case add(kind: CandidateKind, task: String?, text: String)
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
