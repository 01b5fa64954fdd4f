extension EngineEvent {
    /// The optimizer's failure analysis of a candidate, and the wrong examples
    /// (indices into the train split) it was shown.
    public struct AnalysisCreated: Sendable, Hashable {
        /// `A<n>`.
        public var id: String
        /// The candidate analysed (written as `for`).
        public var target: String
        public var kind: CandidateKind
        public var text: String
        public var examples: [Int]
        /// True when the reply reached `analysis_max_tokens` (written only then).
        public var cut: Bool

        public init(id: String, target: String, kind: CandidateKind, text: String, examples: [Int], cut: Bool = false) {
            self.id = id
            self.target = target
            self.kind = kind
            self.text = text
            self.examples = examples
            self.cut = cut
        }
    }
}

extension EngineEvent.AnalysisCreated: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        id = try r.string("id")
        target = try r.string("for")
        kind = try r.kind("kind")
        text = try r.string("text")
        examples = try r.intList("examples")
        cut = try r.optionalBool("cut") ?? false
    }

    func write(to w: inout EventFieldWriter) {
        w.add("id", id)
        w.add("for", target)
        w.add("kind", kind.rawValue)
        w.add("text", text)
        w.add("examples", examples)
        if cut { w.add("cut", true) }
    }
}
