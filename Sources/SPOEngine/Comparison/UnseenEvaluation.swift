public import SPOCore

/// Scores system prompts on unseen tasks over several user prompts each: every
/// (system prompt, user prompt) pair on the task's test split, with the same
/// requests as `eval` and the engine, so the response cache serves repeats.
public struct UnseenEvaluation: Sendable {
    /// A task with the user prompts to try on it (its own first).
    public struct Job: Sendable {
        public var task: SPOTask
        public var userPrompts: [UnseenReport.UserPrompt]

        public init(task: SPOTask, userPrompts: [UnseenReport.UserPrompt]) {
            self.task = task
            self.userPrompts = userPrompts
        }
    }

    /// Where an evaluation is, for a progress line.
    public struct Step: Sendable {
        public var task: String
        public var system: String
        public var userPrompt: String
        public var progress: EvaluationProgress
    }

    public var evaluator: Evaluator
    public var trainSize: Int
    public var testSize: Int
    public var seed: UInt64
    /// At most this many test examples per task (the first of the split).
    public var limit: Int?

    public init(evaluator: Evaluator, trainSize: Int, testSize: Int, seed: UInt64, limit: Int? = nil) {
        self.evaluator = evaluator
        self.trainSize = trainSize
        self.testSize = testSize
        self.seed = seed
        self.limit = limit
    }

    /// The test examples of a task as this evaluation uses them.
    public func examples(_ task: SPOTask) -> [Example] {
        let test = TaskSplit(task: task, trainSize: trainSize, testSize: testSize, seed: seed).test
        return limit.map { Array(test.prefix($0)) } ?? test
    }

    /// Evaluates `optimized` and each baseline under each job's user prompts.
    /// Identical (system, user) texts are evaluated once.
    public func run(
        _ jobs: [Job], optimized: String, baselines: [BaselinePrompt],
        progress: (@Sendable (Step) async -> Void)? = nil
    ) async throws -> [UnseenReport.TaskResult] {
        let systems = [(name: "optimized", role: "optimized", text: optimized)] + baselines.map { (name: $0.name, role: "baseline", text: $0.text) }
        var out: [UnseenReport.TaskResult] = []
        for job in jobs {
            let task = job.task
            let examples = examples(task)
            if examples.isEmpty { throw SPOError("task \(task.name) has no test examples") }
            let scorer = Scorer(task: task)
            var memo: [[String]: EvaluationResult] = [:]
            var results: [UnseenReport.SystemResult] = []
            // Per system, per user prompt, each example's credit by its index.
            var credits: [String: [[Int: Double]]] = [:]
            for system in systems {
                var pooled: [ScoredItem] = []
                var perPrompt: [ScoreEstimate] = []
                for user in job.userPrompts {
                    let key = [system.text, user.text]
                    let result: EvaluationResult
                    if let known = memo[key] {
                        result = known
                    } else {
                        let (taskName, systemName, userID) = (task.name, system.name, user.id)
                        result = try await evaluator.evaluate(task: task, systemPrompt: system.text, userPrompt: user.text, examples: examples) { p in
                            await progress?(Step(task: taskName, system: systemName, userPrompt: userID, progress: p))
                        }
                        memo[key] = result
                    }
                    pooled += result.outcomes.map(\.item)
                    perPrompt.append(ScoreEstimate(result.summary))
                    credits[system.name, default: []].append(Dictionary(result.outcomes.map { ($0.index, $0.item.value) }, uniquingKeysWith: { a, _ in a }))
                }
                results.append(.init(name: system.name, role: system.role, overall: ScoreEstimate(scorer.summarize(pooled)), perPrompt: perPrompt))
            }
            let mine = results[0].perPrompt
            let reference = results.first { $0.name == BaselinePrompts.defaultName }?.perPrompt ?? mine
            let gains = zip(mine, reference).map { $0.score - $1.score }
            let paired = Self.pairedGain(credits["optimized"] ?? [], credits[BaselinePrompts.defaultName] ?? [])
            out.append(.init(
                task: task.name, metric: task.metric.rawValue, examples: examples.count, userPrompts: job.userPrompts, systems: results,
                improved: .fraction(gains.filter { $0 > 0 }.count, of: gains.count),
                gain: ScoreEstimate.meanDifference(gains) ?? ScoreEstimate(score: 0, low: -1, high: 1, n: 0),
                pairedGain: paired?.estimate, pairedStandardError: paired?.standardError))
        }
        return out
    }

    /// Per question, the mean over user prompts of (mine − reference) credit,
    /// over the questions both answered under every prompt, with the standard
    /// error of that mean; nil when none was.
    static func pairedGain(_ mine: [[Int: Double]], _ reference: [[Int: Double]]) -> (estimate: ScoreEstimate, standardError: Double)? {
        guard !mine.isEmpty, mine.count == reference.count else { return nil }
        let indices = mine.dropFirst().reduce(Set(mine[0].keys)) { $0.intersection($1.keys) }
            .intersection(reference.dropFirst().reduce(Set(reference[0].keys)) { $0.intersection($1.keys) })
        let perQuestion = indices.sorted().map { i in
            zip(mine, reference).reduce(0.0) { $0 + ($1.0[i] ?? 0) - ($1.1[i] ?? 0) } / Double(mine.count)
        }
        return ScoreEstimate.pairedMean(perQuestion)
    }
}
