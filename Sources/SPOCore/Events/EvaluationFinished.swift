extension EngineEvent {
    /// A node's score on a split, with the wrong answers kept for analysis.
    public struct EvaluationFinished: Sendable, Hashable {
        public var node: NodeRef
        /// "train" or "test".
        public var split: Split
        /// The task metric, 0…1.
        public var score: Double
        /// Examples scored.
        public var n: Int
        public var wrong: [WrongExample]
        /// A 95% interval for the score, when the engine computes one.
        public var low: Double?
        public var high: Double?
        /// Examples answered right, when the metric counts them.
        public var correct: Int?
        /// Mean generated tokens per answer, and answers cut at their token cap
        /// (`answer_tokens`, `cut`); absent in sessions written before they were
        /// recorded. Seconds are not recorded: a resumed run gets its answers
        /// from the cache in no time, and its events must equal the log's.
        public var answerTokens: Double?
        public var cut: Int?

        public init(
            node: NodeRef, split: Split, score: Double, n: Int, wrong: [WrongExample] = [], low: Double? = nil, high: Double? = nil, correct: Int? = nil,
            cost: AnswerCost? = nil
        ) {
            self.node = node
            self.split = split
            self.score = score
            self.n = n
            self.wrong = wrong
            self.low = low
            self.high = high
            self.correct = correct
            if let cost, cost.replies > 0 {
                // Rounded as written, so a folded log and a live run hold the same values.
                answerTokens = (cost.meanTokens * 10).rounded() / 10
                self.cut = cost.cut
            }
        }
    }

    /// One wrong answer: the example's index in the split, the model's reply,
    /// what was read from it (nil when no answer could be read) and the gold answer.
    public struct WrongExample: Sendable, Hashable {
        public var i: Int
        public var response: String
        public var prediction: String?
        public var gold: String

        public init(i: Int, response: String, prediction: String?, gold: String) {
            self.i = i
            self.response = response
            self.prediction = prediction
            self.gold = gold
        }
    }
}

extension EngineEvent.EvaluationFinished: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        node = try NodeRef(fields: try r.object("node"))
        split = Split(rawValue: try r.string("split"))
        score = try r.double("score")
        n = try r.int("n")
        wrong = []
        for x in try r.objects("wrong") {
            wrong.append(EngineEvent.WrongExample(i: try x.int("i"), response: try x.string("response"), prediction: try x.optionalString("prediction"), gold: try x.string("gold")))
        }
        low = try r.optionalDouble("low")
        high = try r.optionalDouble("high")
        correct = try r.optionalInt("correct")
        answerTokens = try r.optionalDouble("answer_tokens")
        cut = try r.optionalInt("cut")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("node", node.fieldsValue)
        w.add("split", split.rawValue)
        w.add("score", score)
        w.add("n", n)
        w.add("wrong", .array(wrong.map { x -> JSONValue in
            ["i": .int(x.i), "response": .string(x.response), "prediction": x.prediction.map(JSONValue.string) ?? .null, "gold": .string(x.gold)]
        }))
        w.add("low", ifPresent: low)
        w.add("high", ifPresent: high)
        w.add("correct", ifPresent: correct)
        w.add("answer_tokens", ifPresent: answerTokens)
        w.add("cut", ifPresent: cut)
    }
}
