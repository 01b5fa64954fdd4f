import ArgumentParser
import Foundation
import SPOCore
import SPOEngine
import SPOModels

struct AnalyzeTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Cross-model transfer: the optimized system prompt against the default on other models.",
        discussion: """
            Evaluates the run's source tasks and unseen tasks (each with its own user
            prompt, on its test split) under the default baseline and under the
            optimized system prompt, on the run's own base model and on each --target:
            MODEL@URL, MODEL (the run's endpoint), or local:NAME (an embedded model:
            qwen-1.5b, qwen-0.5b, smollm2).
            Examples:
              metaspo analyze transfer RUN.jsonl \\
                --target qwen2.5-7b@http://10.0.0.2:8000/v1
              metaspo analyze transfer RUN.jsonl --target local:qwen-0.5b --limit 50
              metaspo analyze transfer --system @p.txt --preset quick \\
                --target gpt-4o-mini@https://api.openai.com/v1
            """)

    @OptionGroup var target: PromptTargetOptions

    @Option(name: .customLong("target"), help: ArgumentHelp("Another model: MODEL@URL, MODEL, or local:NAME (repeatable).", valueName: "spec"))
    var targets: [String] = []

    @Option(name: .customLong("target-api-key-env"), help: ArgumentHelp("Environment variable with the targets' API key (default: the run's).", valueName: "var"))
    var targetAPIKeyEnv: String?

    @Option(help: ArgumentHelp("Only the source or only the unseen tasks.", valueName: "source|unseen"))
    var only: TaskRole?

    @OptionGroup var output: AnalysisOutputOptions
    @OptionGroup var models: ModelOptions

    func validate() throws {
        if targets.isEmpty { throw ValidationError("name at least one other model with --target MODEL@URL, MODEL or local:NAME") }
        for spec in targets { _ = try Self.parse(spec) }
    }

    /// A parsed `--target`.
    struct Spec {
        var text: String
        var model: String?
        var url: String?
        var local: LocalModelChoice?
    }

    static func parse(_ spec: String) throws -> Spec {
        if spec.hasPrefix("local:") {
            let name = String(spec.dropFirst(6))
            guard let choice = LocalModelChoice(rawValue: name) else {
                throw ValidationError("--target \(spec): unknown embedded model \"\(name)\" (known: \(LocalModelChoice.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return Spec(text: spec, local: choice)
        }
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        guard let model = parts.first, !model.isEmpty else { throw ValidationError("--target \(spec): expected MODEL@URL, MODEL or local:NAME") }
        if parts.count == 2 {
            guard parts[1].hasPrefix("http://") || parts[1].hasPrefix("https://") else {
                throw ValidationError("--target \(spec): the endpoint after @ must be an http:// or https:// URL")
            }
            return Spec(text: spec, model: model, url: parts[1])
        }
        return Spec(text: spec, model: model)
    }

    func run() async throws {
        let resolved = try target.resolve(models: models, needTasks: false)
        var tasks: [(SPOTask, TaskRole)] = []
        if only != .unseen { tasks += resolved.sourceTasks.map { ($0, TaskRole.source) } }
        if only != .source { tasks += resolved.unseenTasks.map { ($0, TaskRole.unseen) } }
        if tasks.isEmpty { throw SPOError("no tasks to evaluate: the run has no \(only.map { "\($0) " } ?? "")tasks (name unseen tasks with --unseen-task)") }
        let reference = try BaselinePrompts.load([BaselinePrompts.defaultName])[0]

        var plans: [(name: String, origin: String, config: RunConfig, local: LocalModelChoice)] = []
        let own = resolved.config
        plans.append((own.base.usesLocalModel ? "\(own.base.model ?? models.localChoice.rawValue) (local)" : own.base.model ?? "base", resolved.digest == nil ? "configured" : "run", own, models.localChoice))
        for spec in try targets.map(Self.parse) {
            var cfg = own
            var choice = models.localChoice
            if let local = spec.local {
                cfg.base.baseURL = nil
                cfg.base.model = nil
                choice = local
            } else {
                if let url = spec.url { cfg.base.baseURL = url }
                if cfg.base.usesLocalModel {
                    throw SPOError("--target \(spec.text): the run used the embedded model, so give the target's endpoint (MODEL@URL) or local:NAME")
                }
                cfg.base.model = spec.model
                cfg.base.extraEndpoints = []
            }
            if let targetAPIKeyEnv { cfg.base.apiKeyEnv = targetAPIKeyEnv }
            plans.append((spec.text, "target", cfg, choice))
        }

        var results: [TransferReport.ModelResult] = []
        var usage = UsageSnapshot()
        let started = ContinuousClock.now
        for plan in plans {
            let stack = try await EvaluationModels.start(plan.config, roles: [.base], local: plan.local)
            do {
                let evaluator = EvaluationModels.evaluator(stack, plan.config)
                var rows: [TransferReport.TaskResult] = []
                for (task, role) in tasks {
                    var examples = TaskSplit(task: task, trainSize: plan.config.trainSize, testSize: plan.config.testSize, seed: plan.config.seed).test
                    if let limit = target.limit { examples = Array(examples.prefix(limit)) }
                    var scores: [ScoreEstimate] = []
                    for (label, text) in [(reference.name, reference.text), ("optimized", resolved.systemText)] {
                        let name = plan.name, taskName = task.name
                        let r = try await evaluator.evaluate(task: task, systemPrompt: text, examples: examples) { p in
                            EvalCommand.progressLine("\(name): \(taskName) under \(label): \(p.done)/\(p.of)")
                        }
                        scores.append(ScoreEstimate(r.summary))
                    }
                    rows.append(.init(task: task.name, role: role, metric: task.metric.rawValue, reference: scores[0], optimized: scores[1]))
                }
                EvalCommand.progressLine(nil)
                results.append(.init(name: plan.name, identity: stack.base.identity, origin: plan.origin, tasks: rows))
                let u = await stack.meter.snapshot()
                usage.base = usage.base + u.base
                await stack.shutdown()
            } catch {
                EvalCommand.progressLine(nil)
                await stack.shutdown()
                throw EvaluationModels.clear(error)
            }
        }
        let report = TransferReport(
            session: resolved.digest?.path, run: resolved.digest?.run, label: resolved.label, systemText: resolved.systemText,
            reference: reference, models: results)
        try output.emit(report, analysis: "transfer", stem: resolved.digest?.resultStem, table: Self.table(report, title: resolved.title, usage: usage, started: started))
    }

    static func table(_ r: TransferReport, title: String, usage: UsageSnapshot, started: ContinuousClock.Instant) -> String {
        var out = "Cross-model transfer: \(title) against \(r.referenceName)\n\n"
        var rows: [[String]] = []
        for m in r.models {
            for t in m.tasks {
                rows.append([m.name + (m.origin == "target" ? "" : " (\(m.origin))"), "\(t.task) (\(t.role))", t.reference.text, t.optimized.text, t.gain.signedText])
            }
            rows.append(["", "mean, \(m.improvedTasks)/\(m.tasks.count) tasks improved", m.reference?.text ?? "–", m.optimized?.text ?? "–", m.gain?.signedText ?? "–"])
        }
        out += Console.table(["MODEL", "TASK", r.referenceName.uppercased(), "OPTIMIZED", "GAIN"], rows) + "\n"
        out += "\nScores: value [95% interval] n=test examples; GAIN: optimized − \(r.referenceName), its interval from both scores' intervals.\n"
        out += "\(usage.base.calls) base calls, \(usage.base.cacheHits) cache hits, \(ScoreSummary.fixed(EvalCommand.seconds(since: started), 1)) s"
        return out
    }
}
