public import SPOCore

/// A procedurally generated task: everything needed to make its examples from a
/// seed, with gold answers computed by the generator itself.
public struct BuiltinTaskFamily: Sendable {
    public var name: String
    public var domain: String
    public var summary: String
    public var answerKind: AnswerKind
    public var metric: Metric
    /// The initial user prompt, with `{question}` and the `<answer>` instruction.
    public var userPrompt: String
    /// Makes one example. Must be a pure function of the generator's state.
    public var generate: @Sendable (inout SeededRandom) -> Example

    public init(
        name: String, domain: String, summary: String, answerKind: AnswerKind, metric: Metric,
        userPrompt: String, generate: @escaping @Sendable (inout SeededRandom) -> Example
    ) {
        self.name = name
        self.domain = domain
        self.summary = summary
        self.answerKind = answerKind
        self.metric = metric
        self.userPrompt = userPrompt
        self.generate = generate
    }
}
