extension EngineEvent {
    /// Part of a node's evaluation is done: `done` of `of` examples answered,
    /// `correct` of them right.
    public struct EvaluationProgress: Sendable, Hashable {
        public var node: NodeRef
        /// "train" or "test".
        public var split: Split
        public var done: Int
        public var of: Int
        public var correct: Int

        public init(node: NodeRef, split: Split, done: Int, of: Int, correct: Int) {
            self.node = node
            self.split = split
            self.done = done
            self.of = of
            self.correct = correct
        }
    }
}

extension EngineEvent.EvaluationProgress: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        node = try NodeRef(fields: try r.object("node"))
        split = Split(rawValue: try r.string("split"))
        done = try r.int("done")
        of = try r.int("of")
        correct = try r.int("correct")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("node", node.fieldsValue)
        w.add("split", split.rawValue)
        w.add("done", done)
        w.add("of", of)
        w.add("correct", correct)
    }
}
