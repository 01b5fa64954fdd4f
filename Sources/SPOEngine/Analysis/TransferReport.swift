public import SPOCore

/// Cross-model transfer (`metaspo analyze transfer`): the optimized system
/// prompt against the default on other models, each task with its own user
/// prompt on its test split.
public struct TransferReport: Sendable, Codable, Hashable {
    public struct TaskResult: Sendable, Codable, Hashable {
        public var task: String
        /// `source` or `unseen` in the run the prompt came from.
        public var role: TaskRole
        public var metric: String
        public var reference: ScoreEstimate
        public var optimized: ScoreEstimate
        /// optimized − reference (interval from both scores' standard errors).
        public var gain: ScoreEstimate

        public init(task: String, role: TaskRole, metric: String, reference: ScoreEstimate, optimized: ScoreEstimate) {
            self.task = task
            self.role = role
            self.metric = metric
            self.reference = reference
            self.optimized = optimized
            gain = .difference(optimized, reference)
        }
    }

    public struct ModelResult: Sendable, Codable, Hashable {
        /// As given (`--target`), or the run's base model.
        public var name: String
        /// The identity the response cache keys it by.
        public var identity: String
        /// `run` (the model the prompt was optimized with) or `target`.
        public var origin: String
        public var tasks: [TaskResult]
        /// Means over the tasks.
        public var reference: ScoreEstimate?
        public var optimized: ScoreEstimate?
        public var gain: ScoreEstimate?
        /// Tasks where the optimized prompt scores higher.
        public var improvedTasks: Int

        public init(name: String, identity: String, origin: String, tasks: [TaskResult]) {
            self.name = name
            self.identity = identity
            self.origin = origin
            self.tasks = tasks
            reference = ScoreEstimate.mean(tasks.map(\.reference))
            optimized = ScoreEstimate.mean(tasks.map(\.optimized))
            gain = ScoreEstimate.mean(tasks.map(\.gain), range: -1...1)
            improvedTasks = tasks.filter { $0.gain.score > 0 }.count
        }
    }

    public var format = "metaspo-analysis"
    public var analysis = "transfer"
    public var version = 1
    public var session: String?
    public var run: String?
    public var label: String
    public var systemText: String
    public var referenceName: String
    public var referenceText: String
    public var models: [ModelResult]

    public init(session: String?, run: String?, label: String, systemText: String, reference: BaselinePrompt, models: [ModelResult]) {
        self.session = session
        self.run = run
        self.label = label
        self.systemText = systemText
        referenceName = reference.name
        referenceText = reference.text
        self.models = models
    }
}
