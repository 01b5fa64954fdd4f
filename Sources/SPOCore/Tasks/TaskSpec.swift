/// A task-spec file (or a `tasks:` entry of a config): which data to read and how
/// to ask and score it. Fields left nil are inferred from the data.
public struct TaskSpec: Sendable, Hashable, Codable {
    public var name: String?
    public var domain: String?
    /// Path of the data file, relative to the spec's folder.
    public var data: String
    /// Column (JSONL/CSV) names: `question`, `answer`, optional `choices` and `split`.
    public var columns: ColumnMapping?
    public var userPrompt: String?
    public var answerKind: AnswerKind?
    public var metric: Metric?
    /// For data without its own train/test split: the share that becomes the train pool.
    public var trainFraction: Double?
    /// A custom scorer: a command line that reads `{"response","gold"}` JSON lines
    /// on stdin and prints one score per line.
    public var scorer: String?

    public init(
        name: String? = nil, domain: String? = nil, data: String, columns: ColumnMapping? = nil,
        userPrompt: String? = nil, answerKind: AnswerKind? = nil, metric: Metric? = nil,
        trainFraction: Double? = nil, scorer: String? = nil
    ) {
        self.name = name
        self.domain = domain
        self.data = data
        self.columns = columns
        self.userPrompt = userPrompt
        self.answerKind = answerKind
        self.metric = metric
        self.trainFraction = trainFraction
        self.scorer = scorer
    }
}

/// Which columns of a JSONL or CSV file hold what.
public struct ColumnMapping: Sendable, Hashable, Codable {
    public var question: String
    public var answer: String
    /// A column of options: a JSON list, or text separated by `|`.
    public var choices: String?
    /// A column whose value is `train` or `test`.
    public var split: String?

    public init(question: String = "question", answer: String = "answer", choices: String? = nil, split: String? = nil) {
        self.question = question
        self.answer = answer
        self.choices = choices
        self.split = split
    }
}

extension AnswerKind: Codable {
    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let kind = AnswerKind(spec: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown answer kind \(s)"))
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
