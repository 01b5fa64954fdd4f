/// A prompt of the run as its events describe it, with the marks commands
/// put on it and how often its rewrites were rejected: the fold's candidate,
/// and the engine's (which orders "newer wins" ties by `createdSeq`).
public struct CandidateEntry: Sendable, Hashable {
    public var id: String
    public var kind: CandidateKind
    public var text: String
    public var parent: String?
    public var task: String?
    public var origin: CandidateOrigin
    /// The analysis the rewrite followed.
    public var analysis: String?
    public var createdSeq: Int
    /// The iteration it was written in.
    public var iteration: Int
    /// The system prompt in use when it was written (where a new user prompt is scored first).
    public var systemAtCreation: String?
    /// A merge's other parent (origin `merge`).
    public var secondParent: String?
    public var pinned = false
    public var pruned = false
    /// Rewrites of it the engine rejected (malformed optimizer replies).
    public var rejections = 0
    /// The latest rejection reason.
    public var lastRejection: String?

    public init(
        id: String, kind: CandidateKind, text: String, parent: String?, task: String?, origin: CandidateOrigin, analysis: String?,
        createdSeq: Int, iteration: Int, systemAtCreation: String?
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.parent = parent
        self.task = task
        self.origin = origin
        self.analysis = analysis
        self.createdSeq = createdSeq
        self.iteration = iteration
        self.systemAtCreation = systemAtCreation
    }
}
