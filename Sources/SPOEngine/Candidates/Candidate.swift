public import SPOCore

/// A system or user prompt the search has produced or been given.
public struct Candidate: Sendable, Hashable {
    public var id: String
    public var kind: CandidateKind
    public var text: String
    public var parent: String?
    /// The task of a user prompt; nil for system prompts.
    public var task: String?
    /// `initial`, `rewrite`, `manual`, …
    public var origin: CandidateOrigin
    public var analysis: String?
    public var pinned = false
    public var pruned = false
    /// Creation order, used to break exact ties in favour of the newer candidate.
    public var ordinal: Int

    public init(id: String, kind: CandidateKind, text: String, parent: String?, task: String?, origin: CandidateOrigin, analysis: String?, ordinal: Int) {
        self.id = id
        self.kind = kind
        self.text = text
        self.parent = parent
        self.task = task
        self.origin = origin
        self.analysis = analysis
        self.ordinal = ordinal
    }
}
