import ArgumentParser
import Foundation
import SPOCore
import SPOEngine
import SPOModels

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score one system prompt on tasks with the base model.",
        discussion: """
            Asks the base model every example of each task's split, with the system prompt
            given and the task's own user prompt, and prints the score with its 95% interval,
            the calls, tokens and cache hits it took, and the time. With no endpoint
            configured it starts the embedded local model (installing it on first use).
            Examples:
              metaspo eval --system "You are a careful reasoner." --task navigate \\
                --limit 20
              metaspo eval --system @prompt.txt --task navigate \\
                --task object_counting --json
              metaspo eval --system @prompt.txt --task-file reviews.yaml \\
                --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b
            """)

    @Option(help: ArgumentHelp("The system prompt, or @FILE to read it from a file.", valueName: "text|@file"))
    var system: String

    @OptionGroup var tasks: TaskOptions
    @OptionGroup var models: ModelOptions
    @OptionGroup var answerCost: AnswerCostOptions

    @Option(help: "Which split to evaluate on.") var split: SplitOption = .test
    @Option(help: ArgumentHelp("At most this many examples per task (the first of the split).", valueName: "n")) var limit: Int?
    @Flag(help: "Print one JSON document with the results.") var json = false
    @Option(help: ArgumentHelp("Also write every reply as JSON Lines (task, index, response, prediction, gold, correct, tokens, cut).", valueName: "file"))
    var responses: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if system.isEmpty { throw ValidationError("--system is empty") }
    }

    struct TaskReport: Encodable {
        var task: String
        var split: String
        var metric: String
        var score: Double
        var low: Double
        var high: Double
        var n: Int
        var correct: Int
        var formatErrors: Int
        /// Mean generated tokens per answer, and answers cut at their cap.
        var answerTokens: Double?
        var cut: Int?
        var failedRequests: Int
        var calls: Int
        var promptTokens: Int
        var completionTokens: Int
        var cacheHits: Int
        var seconds: Double
    }

    struct Report: Encodable {
        var model: String
        /// What the cache keys the model by (endpoint and name, or the GGUF's sha256).
        var modelIdentity: String
        var systemPrompt: String
        var split: String
        var tasks: [TaskReport]
        var usage: RoleUsage
        var seconds: Double
    }

    func run() async throws {
        let systemPrompt = try Self.readPrompt(system)
        var cfg = try tasks.loadConfig()
        models.apply(to: &cfg)
        answerCost.apply(to: &cfg)
        let selected = try tasks.selectedTasks(cfg)
        guard !selected.isEmpty else {
            throw ValidationError("name a task with --task or --task-file (see `metaspo tasks list`), or give a config with meta_train_tasks")
        }

        // Ctrl-C, SIGTERM and normal exit stop a local server this command started.
        LocalServerRegistry.installExitHandlers()
        let started = ContinuousClock.now
        let stack: ModelStack
        do {
            stack = try await ModelFactory.makeStack(
                config: cfg,
                options: .init(
                    cachePath: ModelOptions.cachePath(cfg),
                    onWarning: { message in
                        Self.progressLine(nil)
                        Console.warn([message])
                    },
                    progress: { Self.status($0) },
                    startLocal: ModelFactory.embeddedStarter(model: models.localChoice, draft: LocalDraft(config: cfg), runtime: LocalServerRuntime(config: cfg))),
                roles: [.base])
        } catch let error as LocalModelError {
            Console.error(error.description)
            throw ExitCode.failure
        } catch let error as ModelError {
            Console.error(error.message)
            throw ExitCode.failure
        }

        // The same requests as `unseen` and a run's test (seed included), so the
        // response cache answers one command with another's replies.
        let evaluator = EvaluationModels.evaluator(stack, cfg)
        var reports: [TaskReport] = []
        let replies = try responses.map { try ReplyLog(path: $0) }
        do {
            for task in selected {
                var examples = TaskSplit(task: task, trainSize: cfg.trainSize, testSize: cfg.testSize, seed: cfg.seed).examples(split.split)
                if let limit { examples = Array(examples.prefix(limit)) }
                let before = await stack.meter.snapshot().base
                let taskStart = ContinuousClock.now
                let name = task.name
                let result = try await evaluator.evaluate(task: task, systemPrompt: systemPrompt, examples: examples) { p in
                    Self.progressLine("\(name): \(p.done)/\(p.of), \(p.correct) correct")
                }
                Self.progressLine(nil)
                try replies?.write(task: task, examples: examples, result: result)
                let cost = AnswerCost.total(result.outcomes.map(\.cost))
                let after = await stack.meter.snapshot().base
                let report = TaskReport(
                    task: task.name, split: split.rawValue, metric: task.metric.rawValue, score: result.summary.score,
                    low: result.summary.low, high: result.summary.high, n: result.summary.n, correct: result.summary.correct,
                    formatErrors: result.summary.formatErrors, answerTokens: cost?.meanTokens, cut: cost?.cut,
                    failedRequests: result.failures.count, calls: after.calls - before.calls,
                    promptTokens: after.promptTokens - before.promptTokens,
                    completionTokens: after.completionTokens - before.completionTokens, cacheHits: after.cacheHits - before.cacheHits,
                    seconds: Self.seconds(since: taskStart))
                reports.append(report)
                for failure in result.failures.prefix(3) { Console.warn(["\(task.name) example \(failure.index): \(failure.message)"]) }
                if !json { Self.printTask(report, summary: result.summary) }
            }
        } catch {
            Self.progressLine(nil)
            await stack.shutdown()
            if let error = error as? ModelError {
                Console.error(error.message)
                throw ExitCode.failure
            }
            throw error
        }
        let usage = await stack.meter.snapshot().base
        let total = Self.seconds(since: started)
        let modelName = cfg.base.usesLocalModel ? "\(cfg.base.model ?? stack.local?.modelName ?? "local") (local)" : cfg.base.model ?? stack.base.identity
        await stack.shutdown()

        if json {
            try Console.printJSON(
                Report(model: modelName, modelIdentity: stack.base.identity, systemPrompt: systemPrompt, split: split.rawValue, tasks: reports, usage: usage, seconds: total))
            return
        }
        var line = "base model \(modelName): \(usage.calls) calls, \(usage.promptTokens) prompt + \(usage.completionTokens) completion tokens"
        line += ", \(usage.cacheHits) cache hits"
        if usage.retries > 0 { line += ", \(usage.retries) retries" }
        if usage.errors > 0 { line += ", \(usage.errors) error\(usage.errors == 1 ? "" : "s")" }
        if usage.costUSD > 0 { line += ", $\(ScoreSummary.fixed(usage.costUSD, 4))" }
        line += ", \(ScoreSummary.fixed(total, 1)) s"
        print(line)
    }

    static func printTask(_ r: TaskReport, summary: ScoreSummary) {
        var line = "\(r.task) (\(r.split)): \(r.metric) \(summary.text)"
        line += "  calls \(r.calls), tokens \(r.promptTokens)+\(r.completionTokens), cache hits \(r.cacheHits), \(ScoreSummary.fixed(r.seconds, 1)) s"
        print(TerminalText.line(line))
        if r.formatErrors > 0 { print("  format errors \(r.formatErrors) of \(r.n)") }
        if let t = r.answerTokens { print("  \(ScoreSummary.fixed(t, 1)) tokens per answer" + ((r.cut ?? 0) > 0 ? ", \(r.cut!) cut at the cap" : "")) }
    }

    /// `--system` text, or the contents of the file after `@`.
    static func readPrompt(_ value: String) throws -> String {
        guard value.hasPrefix("@") else { return value }
        let text = try TextFile.read(String(value.dropFirst())).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("\(value.dropFirst()) is empty") }
        return text
    }

    static let interactive = isatty(STDERR_FILENO) == 1

    /// A status line on stderr (start-up progress of the local model).
    static func status(_ line: String) {
        progressLine(nil)
        Console.stderr("\(line)\n")
    }

    /// Rewrites one progress line on an interactive stderr; nil clears it.
    static func progressLine(_ text: String?) {
        guard interactive else { return }
        let body = text.map { "\r\u{1B}[K\($0)" } ?? "\r\u{1B}[K"
        Console.stderr(body)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
