/// One question of a task with its gold answers.
public struct Example: Sendable, Hashable, Codable {
    /// The text that fills the user prompt's `{question}` slot. For multiple
    /// choice it already lists the lettered options.
    public var question: String
    /// One or more accepted answers; the first is the canonical one.
    public var answers: [String]
    /// Option texts of a multiple-choice question, in letter order (A, B, …).
    public var choices: [String]?
    /// Where a loaded example came from in its file, for error messages.
    public var origin: Origin?

    public struct Origin: Sendable, Hashable, Codable {
        public var line: Int
        /// The item's place when the line alone is not enough, e.g. `train[3]`.
        public var label: String?

        public init(line: Int, label: String? = nil) {
            self.line = line
            self.label = label
        }
    }

    public init(question: String, answers: [String], choices: [String]? = nil, origin: Origin? = nil) {
        self.question = question
        self.answers = answers
        self.choices = choices
        self.origin = origin
    }

    /// The canonical gold answer.
    public var answer: String { answers.first ?? "" }
}
