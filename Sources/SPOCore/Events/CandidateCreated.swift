extension EngineEvent {
    /// A new system or user prompt. Its text is sent here once; later events
    /// refer to it by `id`.
    public struct CandidateCreated: Sendable, Hashable {
        /// `S<n>` for system prompts, `U<n>` for user prompts.
        public var id: String
        public var kind: CandidateKind
        /// The candidate it was rewritten from; nil for initial and manual ones.
        public var parent: String?
        /// The task a user prompt belongs to; nil for system prompts.
        public var task: String?
        /// How it came to be: "initial", "rewrite", "manual", or a method's own word.
        public var origin: CandidateOrigin
        /// The analysis (`A<n>`) the rewrite followed, if any.
        public var analysis: String?
        /// The other parent of a merge (origin `merge`): `parent` and it were combined.
        public var secondParent: String?
        public var text: String

        public init(
            id: String, kind: CandidateKind, parent: String? = nil, task: String? = nil, origin: CandidateOrigin, analysis: String? = nil, secondParent: String? = nil,
            text: String
        ) {
            self.secondParent = secondParent
            self.id = id
            self.kind = kind
            self.parent = parent
            self.task = task
            self.origin = origin
            self.analysis = analysis
            self.text = text
        }
    }
}

extension EngineEvent.CandidateCreated: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        id = try r.string("id")
        kind = try r.kind("kind")
        parent = try r.optionalString("parent")
        task = try r.optionalString("task")
        origin = CandidateOrigin(rawValue: try r.string("origin"))
        analysis = try r.optionalString("analysis")
        secondParent = try r.optionalString("second_parent")
        text = try r.string("text")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("id", id)
        w.add("kind", kind.rawValue)
        w.add("parent", orNull: parent)
        w.add("task", orNull: task)
        w.add("origin", origin.rawValue)
        w.add("analysis", ifPresent: analysis)
        w.add("second_parent", ifPresent: secondParent)
        w.add("text", text)
    }
}
