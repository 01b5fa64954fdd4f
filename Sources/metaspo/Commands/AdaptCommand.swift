import ArgumentParser
import Foundation
import SPOCore
import SPOEngine

struct AdaptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Test-time adaptation: protegi on each unseen task under the system prompt, and under the default.",
        discussion: """
            For each unseen task, the task's user prompt is optimized with protegi on
            the task's train split while the system prompt stays fixed: once under the
            system prompt under test (a session's best, or --system), once under the
            default ("You are a helpful assistant."). After the start and after every
            iteration, the best user prompt is scored on the test split. Prints a table
            per task (test score with its 95% interval and n per iteration, both system
            prompts side by side), or one JSON document with --json.
            Each adaptation is a session (adapt-<task>-<hash>.jsonl in the sessions
            folder) that can be replayed; running the command again reads finished
            ones back and resumes unfinished ones.
            Examples:
              metaspo adapt RUN.jsonl
              metaspo adapt RUN.jsonl --unseen-task web_of_lies --iterations 2 --json
              metaspo adapt --system @prompt.txt --preset quick --unseen-task navigate
            """)

    @OptionGroup var target: PromptTargetOptions

    @Option(help: ArgumentHelp("Adaptation iterations (default: the session's or config's `iteration`).", valueName: "n"))
    var iterations: Int?

    @Option(name: .customLong("train-size"), help: ArgumentHelp("Train examples of each unseen task to adapt on (default: the session's or config's).", valueName: "n"))
    var trainSize: Int?

    @Option(name: .customLong("user-candidates"), help: ArgumentHelp("Edits per beam member per iteration (num_user_candidate).", valueName: "n"))
    var userCandidates: Int?

    @Option(name: .customLong("top-k"), help: ArgumentHelp("Beam size (user_top_k).", valueName: "n"))
    var topK: Int?

    @Option(name: .customLong("sessions-dir"), help: ArgumentHelp("Where the adaptation sessions go.", valueName: "dir"))
    var sessionsDir: String?

    @Flag(help: "Print one JSON document with the results.") var json = false

    @OptionGroup var models: ModelOptions

    func validate() throws {
        for (name, value) in [("--iterations", iterations), ("--train-size", trainSize), ("--user-candidates", userCandidates), ("--top-k", topK)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if target.limit != nil { throw ValidationError("--limit does not apply to adapt; use --test-size") }
    }

    func run() async throws {
        var resolved = try target.resolve(models: models)
        if let iterations { resolved.config.iterations = iterations }
        if let trainSize { resolved.config.trainSize = trainSize }
        if let userCandidates { resolved.config.userCandidates = userCandidates }
        if let topK { resolved.config.userTopK = topK }
        if let sessionsDir { resolved.config.sessionsDir = TextFile.resolve(sessionsDir, relativeTo: nil) }
        let report = try await AdaptRunner(target: resolved, local: models.localChoice).run()
        if json {
            print(report.jsonText)
            return
        }
        print(Self.table(report))
        print(EvaluationModels.usageLine(report.modelName, report.usage, seconds: report.seconds))
    }

    /// A table per task: a row per iteration, both system prompts side by side.
    static func table(_ r: AdaptReport) -> String {
        var out = "Test-time adaptation (protegi, \(r.iterations) iteration\(r.iterations == 1 ? "" : "s"), \(r.trainSize) train examples): \(r.title) against the default\n"
        out += "System prompt: \(HeadlessPrinter.brief(r.systemText))\n"
        for t in r.tasks {
            let optimized = t.arm("optimized")?.curve, baseline = t.arm("default")?.curve
            let iterations = Set((optimized?.points ?? []).map(\.iteration) + (baseline?.points ?? []).map(\.iteration)).sorted()
            var rows: [[String]] = []
            for i in iterations {
                let o = optimized?.points.first { $0.iteration == i }, d = baseline?.points.first { $0.iteration == i }
                var delta = ""
                if let a = o?.test, let b = d?.test { delta = (a - b >= 0 ? "+" : "") + ScoreSummary.fixed(a - b, 3) }
                rows.append([i == 0 ? "0 (task's prompt)" : String(i), AdaptReport.scoreText(o), o?.user ?? "–", AdaptReport.scoreText(d), d?.user ?? "–", delta])
            }
            out += "\n\(t.task) (\(t.metric), test split)\n"
            out += Console.table(["ITERATION", "UNDER THE SYSTEM PROMPT", "USER", "UNDER THE DEFAULT", "USER", "DIFFERENCE"], rows) + "\n"
            for arm in t.arms { out += "  \(arm.label): \(arm.session)\n" }
        }
        out += "\nScores: the best user prompt so far (by train score) on the test split: value [95% interval] n=examples.\n"
        return out
    }
}
