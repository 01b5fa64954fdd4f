/// One question of a task with its gold answers.
public struct Example: Sendable, Hashable, Codable {
    /// The text that fills the user prompt's `{question}` slot. For multiple
    /// choice it already lists the lettered options.
    public var question: String
    /// One or more accepted answers; the first is the canonical one.
    public var answers: [String]
    /// Option texts of a multiple-choice question, in letter order (A, B, …).
    public var choices: [String]?

    public init(question: String, answers: [String], choices: [String]? = nil) {
        self.question = question
        self.answers = answers
        self.choices = choices
    }

    /// The canonical gold answer.
    public var answer: String { answers.first ?? "" }
}
