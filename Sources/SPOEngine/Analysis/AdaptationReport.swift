public import SPOCore

/// Adaptation efficiency (`metaspo analyze adaptation`): test-time adaptation
/// (`metaspo adapt`) of each unseen task's user prompt under the optimized and
/// under the default system prompt, as curves against iterations (at the
/// largest train size) and against the train examples adaptation may use (the
/// final score at each train size), and the fewest iterations or examples each
/// needs to reach the default's final score.
public struct AdaptationReport: Sendable, Codable, Hashable {
    public struct IterationPoint: Sendable, Codable, Hashable {
        public var iteration: Int
        public var test: ScoreEstimate?
        public var train: Double?
    }

    public struct ExamplesPoint: Sendable, Codable, Hashable {
        public var trainSize: Int
        /// The test score after the last iteration.
        public var final: ScoreEstimate?
    }

    public struct Reach: Sendable, Codable, Hashable {
        /// The first iteration (at the largest train size) scoring at least the target; nil: never.
        public var iteration: Int?
        /// The smallest train size whose final score is at least the target; nil: none.
        public var trainSize: Int?
    }

    public struct Arm: Sendable, Codable, Hashable {
        /// `optimized` or `default`.
        public var label: String
        public var iterations: [IterationPoint]
        public var examples: [ExamplesPoint]
        public var reach: Reach
        /// The adaptation sessions, one per train size.
        public var sessions: [String]
    }

    public struct TaskResult: Sendable, Codable, Hashable {
        public var task: String
        public var metric: String
        /// The default arm's final score at the largest train size.
        public var target: ScoreEstimate?
        public var arms: [Arm]

        public func arm(_ label: String) -> Arm? { arms.first { $0.label == label } }
    }

    public var format = "metaspo-analysis"
    public var analysis = "adaptation"
    public var version = 1
    public var systemText: String
    public var title: String
    public var iterations: Int
    public var trainSizes: [Int]
    public var tasks: [TaskResult]
    /// Per arm, the mean over tasks of the test score at each iteration.
    public var meanIterations: [String: [ScoreEstimate?]]

    /// Builds the analysis from one `adapt` result per train size.
    public init(_ runs: [(trainSize: Int, report: AdaptReport)]) {
        let sorted = runs.sorted { $0.trainSize < $1.trainSize }
        let largest = sorted.last?.report
        systemText = largest?.systemText ?? ""
        title = largest?.title ?? ""
        iterations = largest?.iterations ?? 0
        trainSizes = sorted.map(\.trainSize)
        var tasks: [TaskResult] = []
        for t in largest?.tasks ?? [] {
            let target = Self.estimate(t.arm("default")?.curve.final)
            var arms: [Arm] = []
            for arm in t.arms {
                let iterationPoints = arm.curve.points.map { IterationPoint(iteration: $0.iteration, test: Self.estimate($0), train: $0.train) }
                var examples: [ExamplesPoint] = []
                var sessions: [String] = []
                for run in sorted {
                    guard let a = run.report.tasks.first(where: { $0.task == t.task })?.arm(arm.label) else { continue }
                    examples.append(ExamplesPoint(trainSize: run.trainSize, final: Self.estimate(a.curve.final)))
                    sessions.append(a.session)
                }
                let reach = Reach(
                    iteration: target.flatMap { goal in iterationPoints.first { ($0.test?.score ?? -1) >= goal.score - 1e-12 }?.iteration },
                    trainSize: target.flatMap { goal in examples.first { ($0.final?.score ?? -1) >= goal.score - 1e-12 }?.trainSize })
                arms.append(Arm(label: arm.label, iterations: iterationPoints, examples: examples, reach: reach, sessions: sessions))
            }
            tasks.append(TaskResult(task: t.task, metric: t.metric, target: target, arms: arms))
        }
        self.tasks = tasks
        var means: [String: [ScoreEstimate?]] = [:]
        for label in tasks.first?.arms.map(\.label) ?? [] {
            let longest = tasks.compactMap { $0.arm(label)?.iterations.count }.max() ?? 0
            means[label] = (0..<longest).map { i in
                ScoreEstimate.mean(tasks.compactMap { t in t.arm(label).flatMap { $0.iterations.count > i ? $0.iterations[i].test : nil } })
            }
        }
        meanIterations = means
    }

    static func estimate(_ p: AdaptationCurve.Point?) -> ScoreEstimate? {
        guard let p, let test = p.test else { return nil }
        return ScoreEstimate(score: test, low: p.low ?? test, high: p.high ?? test, n: p.n ?? 0)
    }
}
