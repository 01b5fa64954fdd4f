/// Scores responses to a task's examples with the task's answer kind and metric.
public struct Scorer: Sendable {
    public var kind: AnswerKind
    public var metric: Metric
    /// A custom scorer that replaces the answer kind's comparison.
    public var custom: CustomScorer?

    public init(kind: AnswerKind, metric: Metric, custom: CustomScorer? = nil) {
        self.kind = kind
        self.metric = metric
        self.custom = custom
    }

    public init(task: SPOTask) {
        self.init(kind: task.answerKind, metric: task.metric, custom: task.scorerCommand.map { CustomScorer(command: $0) })
    }

    /// Judges a batch of responses, through the custom scorer when there is one.
    public func items(responses: [String], examples: [Example]) throws(SPOError) -> [ScoredItem] {
        var items = zip(responses, examples).map { item(response: $0, example: $1) }
        if let custom {
            let credits = try custom.scores(responses: responses, examples: examples)
            for i in items.indices {
                items[i].credit = credits[i]
                items[i].correct = credits[i] >= 0.5
            }
        }
        return items
    }

    /// Reads and judges one response.
    public func item(response: String, example: Example) -> ScoredItem {
        let prediction = AnswerExtractor.extract(response, kind: kind, example: example)
        let golds = AnswerExtractor.normalizedGolds(example.answers, kind: kind, choices: example.choices)
        let label = golds.first ?? example.answer
        let correct = AnswerExtractor.isCorrect(prediction, golds: example.answers, kind: kind, choices: example.choices)
        return ScoredItem(prediction: prediction, goldLabel: label, correct: correct)
    }

    /// The score with its 95% interval.
    public func summarize(_ items: [ScoredItem]) -> ScoreSummary {
        ScoreSummary(
            score: metric.score(items), n: items.count, interval: metric.interval(items),
            correct: items.filter(\.correct).count, formatErrors: items.filter { $0.prediction.isFormatError }.count)
    }
}

/// A task score as reported everywhere: value, sample size and 95% interval.
public struct ScoreSummary: Sendable, Hashable, Codable {
    public var score: Double
    public var n: Int
    public var low: Double
    public var high: Double
    public var correct: Int
    public var formatErrors: Int

    public init(score: Double, n: Int, interval: ClosedRange<Double>, correct: Int, formatErrors: Int) {
        self.score = score
        self.n = n
        self.low = interval.lowerBound
        self.high = interval.upperBound
        self.correct = correct
        self.formatErrors = formatErrors
    }

    /// `0.540 [0.40, 0.67] n=50`
    public var text: String {
        "\(Self.f3(score)) [\(Self.f2(low)), \(Self.f2(high))] n=\(n)"
    }

    static func f3(_ d: Double) -> String { fixed(d, 3) }
    static func f2(_ d: Double) -> String { fixed(d, 2) }

    /// 1234567 → "1,234,567" (no locale involved).
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Fixed-point formatting without Foundation's locale-dependent `String(format:)`.
    public static func fixed(_ d: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let v = (d * scale).rounded()
        // NaN, infinity and numbers past what an Int holds (a damaged session's
        // times) are shown as Swift writes them rather than trapping.
        guard v.isFinite, abs(v) < 1e18 else { return "\(d)" }
        let neg = v < 0
        let a = Int(abs(v))
        let intPart = a / Int(scale)
        var frac = String(a % Int(scale))
        while frac.count < digits { frac = "0" + frac }
        return (neg ? "-" : "") + String(intPart) + (digits > 0 ? "." + frac : "")
    }
}
