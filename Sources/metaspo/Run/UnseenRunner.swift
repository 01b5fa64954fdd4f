import Foundation
import SPOCore
import SPOEngine
import SPOModels

/// Measures a system prompt on unseen tasks against the baselines, over several
/// user prompts per task (`metaspo unseen`, `metaspo analyze robustness`).
struct UnseenRunner {
    var target: PromptTargetOptions.Target
    var baselines: [BaselinePrompt]
    /// User prompts per task, the task's own included; nil: 5, or with a
    /// `--user-prompts` file that exists, exactly the prompts in it.
    var promptCount: Int?
    /// `--user-prompts`: read when it exists, written with new prompts otherwise.
    var userPromptsPath: String?
    var limit: Int?
    var local: LocalModelChoice

    /// Where the user prompts are kept: the flag's file, beside the session, or
    /// in metaspo's data folder for `--system`.
    var promptsFile: String {
        if let userPromptsPath { return TextFile.resolve(userPromptsPath, relativeTo: nil) }
        if let d = target.digest { return d.userPromptsFile }
        return ResourceLocator.dataDirectory() + "/unseen/user-prompts.json"
    }

    static let defaultPromptCount = 5

    func run() async throws -> UnseenReport {
        let started = ContinuousClock.now
        let cfg = target.config
        let file = promptsFile
        var existing = UserPromptSet()
        var count: Int? = promptCount ?? Self.defaultPromptCount
        if FileManager.default.fileExists(atPath: file) {
            existing = try UserPromptSet.read(path: file)
            if let userPromptsPath, promptCount == nil {
                count = nil
                for t in target.unseenTasks where existing.tasks[t.name] == nil {
                    Console.warn(["\(userPromptsPath) has no user prompts for \(t.name); evaluating its own prompt only"])
                }
            }
        }
        let probe = UserPromptDrafter(count: count)
        let generate = probe.needsGeneration(target.unseenTasks, existing: existing)
        let stack = try await EvaluationModels.start(cfg, roles: generate ? [.base, .optimizer] : [.base], local: local)
        do {
            let report = try await measure(stack, count: count, existing: existing, file: file, generate: generate, started: started)
            await stack.shutdown()
            return report
        } catch {
            EvalCommand.progressLine(nil)
            await stack.shutdown()
            throw EvaluationModels.clear(error)
        }
    }

    private func measure(_ stack: ModelStack, count: Int?, existing: UserPromptSet, file: String, generate: Bool, started: ContinuousClock.Instant) async throws -> UnseenReport {
        let cfg = target.config
        let drafter = UserPromptDrafter(
            count: count, resampler: generate ? try EvaluationModels.resampler(stack, cfg) : nil,
            optimizerName: generate ? (cfg.optimizer.model ?? stack.optimizer.identity) : nil)
        if generate { EvalCommand.progressLine("drawing user prompts for \(target.unseenTasks.count) task(s)…") }
        let drafted = try await drafter.prepare(target.unseenTasks, existing: existing)
        EvalCommand.progressLine(nil)
        if !drafted.generated.isEmpty {
            let total = drafted.generated.values.reduce(0, +)
            do {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try drafted.set.write(to: file)
                Console.stderr("drew \(total) user prompt\(total == 1 ? "" : "s") (\(drafted.calls) optimizer calls); saved to \(file) for later runs\n")
            } catch {
                // The drawn prompts are still evaluated; the cache keeps the optimizer's replies for a rerun.
                Console.warn(["\(file): cannot be written (\(error.localizedDescription)); the \(total) drawn user prompt(s) are used but not saved"])
            }
        }
        for (task, got) in drafted.short.sorted(by: { $0.key < $1.key }) {
            Console.warn(["\(task): only \(got) of \(count ?? got) user prompts (the optimizer's replies kept failing); evaluating those"])
        }

        let evaluation = UnseenEvaluation(
            evaluator: EvaluationModels.evaluator(stack, cfg), trainSize: cfg.trainSize, testSize: cfg.testSize, seed: cfg.seed, limit: limit)
        let jobs = target.unseenTasks.map { UnseenEvaluation.Job(task: $0, userPrompts: drafted.prompts[$0.name] ?? []) }
        let tasks = try await evaluation.run(jobs, optimized: target.systemText, baselines: baselines) { step in
            EvalCommand.progressLine("\(step.task): \(step.system) × \(step.userPrompt): \(step.progress.done)/\(step.progress.of)")
        }
        EvalCommand.progressLine(nil)
        let usage = await stack.meter.snapshot()
        return UnseenReport(
            session: target.digest?.path, run: target.digest?.run, label: target.label, systemID: target.systemID, systemText: target.systemText,
            baselines: baselines, model: stack.base.identity,
            modelName: EvaluationModels.baseName(cfg, stack), userPromptsFile: FileManager.default.fileExists(atPath: file) ? file : nil,
            tasks: tasks, usage: usage, seconds: EvalCommand.seconds(since: started))
    }
}
