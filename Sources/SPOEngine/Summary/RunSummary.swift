public import SPOCore
public import SPOModelInterface

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
        public var role: TaskRole
        public var metric: String
        /// Best train score after init (index 0) and after each iteration.
        public var trainByIteration: [Double]
        /// Best validation score after init and each iteration (runs with `val_size`; else nil).
        public var valByIteration: [Double]?
        /// Validation scores of the initial and the optimized prompts (runs with `val_size`).
        public var initialVal: Score?
        public var optimizedVal: Score?
        public var bestUser: String?
        public var initialTest: Score?
        public var optimizedTest: Score?
        /// Optimized minus initial on the same test questions, paired, with its
        /// 95% interval (nil in summaries from before it was recorded, and when
        /// the optimized prompts are the initial ones: `unchanged`).
        public var testGain: ScoreEstimate?
        /// True when the task's optimized prompts are its initial prompts.
        public var unchanged: Bool?
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
    /// What each candidate's answers cost on train and validation (nil in
    /// summaries from before it was recorded).
    public var answerCosts: [CandidateCost]?
    /// The paired test gain over every task's questions at once, and what may be concluded from it.
    public var overallGain: ScoreEstimate?
    public var verdict: String?
    /// Set when the search ended before its last iteration because every
    /// source task was saturated (no train failure left).
    public var earlyEnd: EarlyEnd?

    public struct EarlyEnd: Sendable, Codable, Hashable {
        public var afterIteration: Int
        public var of: Int
        /// What the iterations not run would have spent, as `metaspo plan` counts it.
        public var baseCallsSaved: CallRange
        public var optimizerCallsSaved: CallRange

        public var sentence: String {
            "The search ended after iteration \(afterIteration) of \(of): every source task's kept prompt answered all its train examples (saturated), saving about \(baseCallsSaved.text) base and \(optimizerCallsSaved.text) optimizer calls."
        }
    }

    /// One candidate's train answers: how many, mean tokens and seconds, and
    /// how many were cut at their cap.
    public struct CandidateCost: Sendable, Codable, Hashable {
        public var id: String
        public var task: String?
        /// Mean selection score, train or validation (a system prompt: over the kept nodes it was compared on).
        public var score: Double?
        public var answers: Int
        public var meanTokens: Double
        public var meanSeconds: Double
        public var cut: Int
    }

    /// Mean of a test score over tasks of a role, for the headline.
    public func meanTest(role: TaskRole, optimized: Bool) -> Double? {
        let scores = tasks.filter { $0.role == role }.compactMap { optimized ? $0.optimizedTest?.score : $0.initialTest?.score }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    /// A Markdown report of the run.
    public var markdown: String {
        var md = "# metaspo run \(run)\n\nMethod: `\(method)`, \(iterations) iterations, \(ScoreSummary.fixed(seconds, 0)) s.\n\n"
        md += "## Optimized system prompt (\(bestSystem))\n\n```text\n\(bestSystemText)\n```\n\n"
        if let verdict { md += "**\(verdict)**\n\n" }
        if let earlyEnd { md += earlyEnd.sentence + "\n\n" }
        let gains = tasks.contains { $0.testGain != nil }
        let validates = tasks.contains { $0.valByIteration != nil }
        md += "## Scores\n\n| task | role | metric | train by iteration |\(validates ? " validation by iteration |" : "") test, initial prompts | test, optimized |\(gains ? " gain (paired, 95%) |" : "")\n"
        md += "|---|---|---|---|\(validates ? "---|" : "")---|---|\(gains ? "---|" : "")\n"
        for t in tasks {
            let train = t.trainByIteration.map { ScoreSummary.fixed($0, 3) }.joined(separator: " → ")
            md += "| \(t.task) | \(t.role) | \(t.metric) | \(train.isEmpty ? "–" : train) |"
            if validates {
                let val = (t.valByIteration ?? []).map { ScoreSummary.fixed($0, 3) }.joined(separator: " → ")
                md += " \(val.isEmpty ? "–" : val) |"
            }
            md += " \(t.initialTest?.text ?? "–") | \(t.optimizedTest?.text ?? "–") |"
            md += gains ? " \(t.unchanged == true ? "same prompts" : t.testGain?.signedText ?? "–") |\n" : "\n"
        }
        if let overallGain { md += "| **all** | | | |\(validates ? " |" : "") | | \(overallGain.signedText) |\n" }
        if let costs = answerCosts, !costs.isEmpty {
            md += "\n## Answer cost per candidate (\(validates ? "train and validation" : Split.train.rawValue))\n\n| candidate | task | \(validates ? "validation" : "train") score | answers | tokens per answer | seconds per answer* | cut at the cap |\n|---|---|---|---|---|---|---|\n"
            for c in costs {
                let score = c.score.map { ScoreSummary.fixed($0, 3) } ?? "–"
                md += "| \(c.id) | \(c.task ?? "all") | \(score) | \(c.answers) | \(ScoreSummary.fixed(c.meanTokens, 1)) | \(ScoreSummary.fixed(c.meanSeconds, 2)) | \(c.cut) |\n"
            }
            md += "\n\\* Time this process waited for each answer, queueing at the server included; answers from the response cache (a resumed run's) count their lookup.\n"
        }
        if let usage {
            md += "\n## Usage\n\n| role | calls | cache hits | prompt tokens | completion tokens | cost (USD) |\n|---|---|---|---|---|---|\n"
            for name in ModelRole.allCases {
                let u = usage[name]
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
        var allPairs: [(Double, Double)] = []
        // Optimized against initial on the same test questions; every task's pairs also go into the overall gain.
        let gain = { (optimized: NodeRef, initial: NodeRef, all: inout [(Double, Double)]) -> ScoreEstimate? in
            guard self.result(optimized, .test) != nil, self.result(initial, .test) != nil else { return nil }
            let p = self.pairs(optimized, initial, split: .test)
            // The same prompts count in the overall gain (as zeros) but have none of their own.
            all += p
            return p.isEmpty || optimized == initial ? nil : PairedDifference(p).estimate
        }
        for t in setup.sourceTasks {
            let best = search.kept[t.name]?.first
            let initial = NodeRef(system: search.initialSystem, user: search.initialUser[t.name]!, task: t.name)
            tasks.append(.init(
                task: t.name, role: .source, metric: t.metric.rawValue,
                trainByIteration: search.trainHistory.compactMap { $0[t.name] },
                valByIteration: selectionSplit == .val ? search.validationHistory.compactMap { $0[t.name] } : nil,
                initialVal: selectionSplit == .val ? result(initial, .val).map(RunSummary.Score.init) : nil,
                optimizedVal: selectionSplit == .val ? best.flatMap { result(NodeRef(system: search.currentSystem, user: $0, task: t.name), .val) }.map(RunSummary.Score.init) : nil,
                bestUser: best,
                initialTest: result(initial, .test).map(RunSummary.Score.init),
                optimizedTest: best.flatMap { result(NodeRef(system: search.currentSystem, user: $0, task: t.name), .test) }.map(RunSummary.Score.init),
                testGain: best.flatMap { gain(NodeRef(system: search.currentSystem, user: $0, task: t.name), initial, &allPairs) },
                unchanged: best.map { NodeRef(system: search.currentSystem, user: $0, task: t.name) == initial }))
        }
        for t in setup.unseenTasks {
            let u = search.initialUser[t.name]!
            let initial = NodeRef(system: search.initialSystem, user: u, task: t.name)
            tasks.append(.init(
                task: t.name, role: .unseen, metric: t.metric.rawValue, trainByIteration: [], bestUser: u,
                initialTest: result(initial, .test).map(RunSummary.Score.init),
                optimizedTest: result(NodeRef(system: search.currentSystem, user: u, task: t.name), .test).map(RunSummary.Score.init),
                testGain: gain(NodeRef(system: search.currentSystem, user: u, task: t.name), initial, &allPairs),
                unchanged: search.currentSystem == search.initialSystem))
        }
        let overall = allPairs.isEmpty ? nil : PairedDifference(allPairs)
        let elapsed = ContinuousClock.now - started
        let usage = await usageTotals()
        return RunSummary(
            run: setup.runID, method: config.methodLabel, initialSystem: search.initialSystem, bestSystem: search.currentSystem,
            bestSystemText: search.text(search.currentSystem), iterations: search.iteration, tasks: tasks, usage: usage,
            seconds: tOffset + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            answerCosts: candidateCosts(), overallGain: overall?.estimate, verdict: verdictLine(overall), earlyEnd: search.earlyEnd)
    }

    /// The summary's conclusion: whether anything beat the initial prompts
    /// during the search, and the paired test gain over every task.
    func verdictLine(_ overall: PairedDifference?) -> String? {
        let unchanged = search.currentSystem == search.initialSystem && setup.sourceTasks.allSatisfy { search.kept[$0.name]?.first == search.initialUser[$0.name] }
        var parts: [String] = []
        let how = acceptRule == "significant" ? " beyond noise" : ""
        if unchanged {
            parts.append("No candidate beat the initial prompts\(how) (accept: \(acceptRule)); the optimized prompts are the initial prompts.")
        } else if search.currentSystem == search.initialSystem {
            parts.append("No system prompt beat the initial one\(how) (accept: \(acceptRule)); the optimized system prompt is the initial one.")
        }
        if let overall { parts.append(Self.verdict(overall)) }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The one-line conclusion from the paired test gain over every task.
    static func verdict(_ d: PairedDifference) -> String {
        let e = d.estimate
        let figure = "\(e.signedText) on the same test questions, \(d.better) better and \(d.worse) worse"
        switch d.verdict {
        case "better": return "The optimized prompts scored higher on test: \(figure)."
        case "worse": return "The optimized prompts scored lower on test: \(figure)."
        default: return "No difference shown on test between the optimized and the initial prompts: \(figure)."
        }
    }

    /// Each candidate's search answer cost (train and validation), in creation order: a system prompt
    /// over every node it was scored on, a user prompt under every system prompt.
    func candidateCosts() -> [RunSummary.CandidateCost]? {
        var out: [RunSummary.CandidateCost] = []
        for id in search.candidateOrder {
            guard let c = search.candidates[id] else { continue }
            let mine = search.results.values.filter { $0.split != .test && (c.kind == .system ? $0.node.system == id : $0.node.user == id) }
            guard let cost = AnswerCost.total(mine.map(\.cost)), cost.replies > 0 else { continue }
            let score = c.kind == .system
                ? metaScore(system: id)?.score
                : result(NodeRef(system: search.currentSystem, user: id, task: c.task ?? ""))?.score
            out.append(.init(id: id, task: c.task, score: score, answers: cost.replies, meanTokens: cost.meanTokens, meanSeconds: cost.meanSeconds, cut: cost.cut))
        }
        return out.isEmpty ? nil : out
    }
}
