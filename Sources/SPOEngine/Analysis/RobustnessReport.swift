import Foundation
public import SPOCore

/// User-prompt robustness (`metaspo analyze robustness`): over the user prompts
/// of each unseen task, how often the system prompt beats the default baseline
/// and by how much. Derived from an `unseen` measurement.
public struct RobustnessReport: Sendable, Codable, Hashable {
    public struct PromptResult: Sendable, Codable, Hashable {
        public var id: String
        public var origin: String
        public var optimized: ScoreEstimate
        public var reference: ScoreEstimate
        /// optimized − reference on this user prompt.
        public var gain: Double
    }

    public struct TaskResult: Sendable, Codable, Hashable {
        public var task: String
        public var metric: String
        public var prompts: [PromptResult]
        /// Fraction of prompts with a gain > 0 (Wilson interval, n = prompts).
        public var improved: ScoreEstimate
        /// Mean gain over the prompts (t interval, n = prompts).
        public var gain: ScoreEstimate
        /// Pooled over the prompts (n = prompts × examples).
        public var optimized: ScoreEstimate
        public var reference: ScoreEstimate
    }

    public var format = "metaspo-analysis"
    public var analysis = "robustness"
    public var version = 1
    public var session: String?
    public var run: String?
    public var label: String
    public var systemText: String
    /// The baseline gains are measured against (`default`).
    public var referenceName: String
    public var referenceText: String
    public var model: String
    public var tasks: [TaskResult]
    /// Over every prompt of every task.
    public var improved: ScoreEstimate
    public var gain: ScoreEstimate
    public var userPromptsFile: String?

    /// Reads the robustness figures out of an unseen measurement.
    public init(_ r: UnseenReport) {
        session = r.session
        run = r.run
        label = r.label
        systemText = r.systemText
        referenceName = BaselinePrompts.defaultName
        referenceText = r.baselines.first { $0.name == BaselinePrompts.defaultName }?.text ?? RunConfig.defaultSystemPrompt
        model = r.model
        userPromptsFile = r.userPromptsFile
        var all: [Double] = []
        tasks = r.tasks.map { t in
            let mine = t.system("optimized"), theirs = t.system(BaselinePrompts.defaultName) ?? mine
            let prompts = t.userPrompts.enumerated().map { i, p -> PromptResult in
                let a = mine!.perPrompt[i], b = theirs!.perPrompt[i]
                return PromptResult(id: p.id, origin: p.origin, optimized: a, reference: b, gain: a.score - b.score)
            }
            all += prompts.map(\.gain)
            return TaskResult(
                task: t.task, metric: t.metric, prompts: prompts,
                improved: .fraction(prompts.filter { $0.gain > 0 }.count, of: prompts.count),
                gain: ScoreEstimate.meanDifference(prompts.map(\.gain)) ?? ScoreEstimate(score: 0, low: -1, high: 1, n: 0),
                optimized: mine!.overall, reference: theirs!.overall)
        }
        improved = .fraction(all.filter { $0 > 0 }.count, of: all.count)
        gain = ScoreEstimate.meanDifference(all) ?? ScoreEstimate(score: 0, low: -1, high: 1, n: 0)
    }
}
