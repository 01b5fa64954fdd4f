import Foundation
import SPOCore
public import SPOModelInterface

/// What `metaspo adapt` found: per unseen task, the test score after each
/// iteration of test-time adaptation under the system prompt under test and
/// under the default, with the session of each adaptation.
public struct AdaptReport: Sendable, Codable, Hashable {
    public struct Arm: Sendable, Codable, Hashable {
        /// `optimized` (the system prompt under test) or `default`.
        public var label: String
        public var session: String
        public var curve: AdaptationCurve

        public init(label: String, session: String, curve: AdaptationCurve) {
            self.label = label
            self.session = session
            self.curve = curve
        }
    }

    public struct TaskResult: Sendable, Codable, Hashable {
        public var task: String
        public var metric: String
        public var arms: [Arm]

        public init(task: String, metric: String, arms: [Arm]) {
            self.task = task
            self.metric = metric
            self.arms = arms
        }

        public func arm(_ label: String) -> Arm? { arms.first { $0.label == label } }
    }

    public var format = "metaspo-adapt"
    public var version = 1
    public var systemText: String
    /// How the system prompt under test is named (its session and id, or "given").
    public var title: String
    public var iterations: Int
    public var trainSize: Int
    public var testSize: Int
    public var modelName: String
    public var tasks: [TaskResult]
    public var usage: UsageSnapshot
    public var seconds: Double

    public init(
        systemText: String, title: String, iterations: Int, trainSize: Int, testSize: Int, modelName: String,
        tasks: [TaskResult], usage: UsageSnapshot, seconds: Double
    ) {
        self.systemText = systemText
        self.title = title
        self.iterations = iterations
        self.trainSize = trainSize
        self.testSize = testSize
        self.modelName = modelName
        self.tasks = tasks
        self.usage = usage
        self.seconds = seconds
    }

    /// Pretty JSON with stable key order.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// `0.620 [0.52, 0.71] n=100`, or `–` without a test score.
    public static func scoreText(_ p: AdaptationCurve.Point?) -> String {
        guard let p, let test = p.test else { return "–" }
        var s = ScoreSummary.fixed(test, 3)
        if let low = p.low, let high = p.high { s += " [\(ScoreSummary.fixed(low, 2)), \(ScoreSummary.fixed(high, 2))]" }
        if let n = p.n { s += " n=\(n)" }
        return s
    }
}
