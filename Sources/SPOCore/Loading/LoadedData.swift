/// Examples read from a data file, before they become a task.
public struct LoadedData: Sendable {
    public enum Format: String, Sendable {
        case metaspo = "MetaSPO JSON"
        case bigbench = "BIG-bench JSON"
        case jsonList = "JSON list"
        case jsonl = "JSONL"
        case csv = "CSV"
        case tsv = "TSV"
    }

    public var format: Format
    /// Set when the file has its own train split.
    public var train: [Example]?
    /// Set when the file has its own test split.
    public var test: [Example]?
    /// Examples without a split (partitioned later).
    public var unsplit: [Example]
    /// True when golds came as lists of accepted answers (MetaSPO grounding style).
    public var hasAnswerLists: Bool
    /// True for BIG-bench multiple choice (`target_scores`).
    public var isMultipleChoice: Bool

    public var all: [Example] { (train ?? []) + (test ?? []) + unsplit }
}
