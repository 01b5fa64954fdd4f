import SPOCore
public import SPOModels

/// What a finished run found, as printed, saved as JSON/Markdown and put in
/// `run_finished`.
public struct RunSummary: Sendable, Codable, Hashable {
    public struct Score: Sendable, Codable, Hashable {
        public var score: Double
        public var low: Double
        public var high: Double
        public var n: Int

        init(_ r: NodeResult) {
            score = r.summary.score
            low = r.summary.low
            high = r.summary.high
            n = r.summary.n
        }

        public var text: String {
            "\(ScoreSummary.fixed(score, 3)) [\(ScoreSummary.fixed(low, 2)), \(ScoreSummary.fixed(high, 2))] n=\(n)"
        }
    }

    public struct TaskResult: Sendable, Codable, Hashable {
        public var task: String
        public var role: String
        public var metric: String
        /// Best train score after init (index 0) and after each iteration.
        public var trainByIteration: [Double]
        public var bestUser: String?
        public var initialTest: Score?
        public var optimizedTest: Score?
    }

    public var run: String
    public var method: String
    public var initialSystem: String
    public var bestSystem: String
    public var bestSystemText: String
    public var iterations: Int
    public var tasks: [TaskResult]
    public var usage: UsageSnapshot?
    public var seconds: Double

    /// Mean of a test score over tasks of a role, for the headline.
    public func meanTest(role: String, optimized: Bool) -> Double? {
        let scores = tasks.filter { $0.role == role }.compactMap { optimized ? $0.optimizedTest?.score : $0.initialTest?.score }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    /// A Markdown report of the run.
    public var markdown: String {
        var md = "# metaspo run \(run)\n\nMethod: `\(method)`, \(iterations) iterations, \(ScoreSummary.fixed(seconds, 0)) s.\n\n"
        md += "## Optimized system prompt (\(bestSystem))\n\n```text\n\(bestSystemText)\n```\n\n"
        md += "## Scores\n\n| task | role | metric | train by iteration | test, initial prompts | test, optimized |\n|---|---|---|---|---|---|\n"
        for t in tasks {
            let train = t.trainByIteration.map { ScoreSummary.fixed($0, 3) }.joined(separator: " → ")
            md += "| \(t.task) | \(t.role) | \(t.metric) | \(train.isEmpty ? "–" : train) | \(t.initialTest?.text ?? "–") | \(t.optimizedTest?.text ?? "–") |\n"
        }
        if let usage {
            md += "\n## Usage\n\n| role | calls | cache hits | prompt tokens | completion tokens | cost (USD) |\n|---|---|---|---|---|---|\n"
            for (name, u) in [("base", usage.base), ("optimizer", usage.optimizer)] {
                let counts = [u.calls, u.cacheHits, u.promptTokens, u.completionTokens].map(ScoreSummary.grouped)
                md += "| \(name) | \(counts.joined(separator: " | ")) | \(ScoreSummary.fixed(u.costUSD, 4)) |\n"
            }
        }
        return md
    }
}

extension Engine {
    func makeSummary() async -> RunSummary {
        var tasks: [RunSummary.TaskResult] = []
        for t in setup.sourceTasks {
            let best = kept[t.name]?.first
            tasks.append(.init(
                task: t.name, role: "source", metric: t.metric.rawValue,
                trainByIteration: trainHistory.compactMap { $0[t.name] }, bestUser: best,
                initialTest: result(NodeRef(system: initialSystem, user: initialUser[t.name]!, task: t.name), .test).map(RunSummary.Score.init),
                optimizedTest: best.flatMap { result(NodeRef(system: currentSystem, user: $0, task: t.name), .test) }.map(RunSummary.Score.init)))
        }
        for t in setup.unseenTasks {
            let u = initialUser[t.name]!
            tasks.append(.init(
                task: t.name, role: "unseen", metric: t.metric.rawValue, trainByIteration: [], bestUser: u,
                initialTest: result(NodeRef(system: initialSystem, user: u, task: t.name), .test).map(RunSummary.Score.init),
                optimizedTest: result(NodeRef(system: currentSystem, user: u, task: t.name), .test).map(RunSummary.Score.init)))
        }
        let elapsed = ContinuousClock.now - started
        let usage = await usageTotals()
        return RunSummary(
            run: setup.runID, method: config.methodLabel, initialSystem: initialSystem, bestSystem: currentSystem,
            bestSystemText: text(currentSystem), iterations: iteration, tasks: tasks, usage: usage,
            seconds: tOffset + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
