public import SPOCore

/// What is drawn over the panes.
public enum Overlay: Sendable, Hashable {
    /// A candidate's full text and scores.
    case detail(String)
    /// Where each sentence of a candidate came from (`PromptProvenance`); the
    /// overlay's scroll is the chosen sentence.
    case provenance(String)
    /// Word diff of two candidates, older on the left.
    case diff(old: String, new: String)
    case help
    /// Scores by iteration per task (`ChartView`).
    case chart
    /// "Stop the run and quit?"
    case confirmQuit
    /// The inline editor for a hand-written candidate.
    case editor(kind: CandidateKind, task: String?, text: String)
    /// "Start this run?" before a run projected to cost more than `confirm_above_usd`.
    case confirmStart(String)
}
