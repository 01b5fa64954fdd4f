/// How a candidate prompt came to be (`candidate_created.origin`). An open
/// set: the raw value is the bytes on disk, and an origin this version does
/// not know is kept as read.
public struct CandidateOrigin: WireName {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The run's starting prompt (the config's system prompt, a task's own user prompt).
    public static let initial = CandidateOrigin(rawValue: "initial")
    /// Written by the optimizer from an analysis of failures.
    public static let rewrite = CandidateOrigin(rawValue: "rewrite")
    /// Two Pareto-front members combined by the optimizer (`second_parent` set).
    public static let merge = CandidateOrigin(rawValue: "merge")
    /// Added by the user from the dashboard.
    public static let manual = CandidateOrigin(rawValue: "manual")
    /// ProTeGi's edit along a textual gradient.
    public static let edit = CandidateOrigin(rawValue: "edit")
    /// APE's paraphrase of a kept prompt.
    public static let resample = CandidateOrigin(rawValue: "resample")
    /// The evolutionary variant's mutation of one parent.
    public static let mutation = CandidateOrigin(rawValue: "mutation")
    /// The evolutionary variant's crossover of two parents.
    public static let crossover = CandidateOrigin(rawValue: "crossover")

    /// SPRIG's edits of a system prompt's components.
    public static let add = CandidateOrigin(rawValue: "add")
    public static let rephrase = CandidateOrigin(rawValue: "rephrase")
    public static let swap = CandidateOrigin(rawValue: "swap")
    public static let delete = CandidateOrigin(rawValue: "delete")
}
