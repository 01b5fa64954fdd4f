import ArgumentParser
import Foundation
import SPOCore
import SPOEngine

struct AnalyzeRobustness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robustness",
        abstract: "User-prompt robustness: over N user prompts per unseen task, how often the prompt beats the default, and by how much.",
        discussion: """
            The same measurement as `metaspo unseen` against the default baseline only,
            and the same user prompts (drawn once and saved beside the session, or given
            with --user-prompts). Per task and overall: the fraction of user prompts
            that improve (Wilson interval) and the mean gain (t interval), and the score
            under each user prompt.
            Examples:
              metaspo analyze robustness RUN.jsonl
              metaspo analyze robustness RUN.jsonl --prompts 10 --limit 100 --json
            """)

    @OptionGroup var target: PromptTargetOptions

    @Option(help: ArgumentHelp("User prompts per task, the task's own included (default 5; with an existing --user-prompts file: those in it).", valueName: "n"))
    var prompts: Int?

    @Option(name: .customLong("user-prompts"), help: ArgumentHelp("A user-prompts file: read when it exists; new prompts are saved to it.", valueName: "file"))
    var userPrompts: String?

    @OptionGroup var output: AnalysisOutputOptions
    @OptionGroup var models: ModelOptions

    func validate() throws {
        if let prompts, prompts < 1 { throw ValidationError("--prompts must be at least 1") }
    }

    func run() async throws {
        let resolved = try target.resolve(models: models)
        let runner = UnseenRunner(
            target: resolved, baselines: try BaselinePrompts.load([BaselinePrompts.defaultName]), promptCount: prompts,
            userPromptsPath: userPrompts, limit: target.limit, local: models.localChoice)
        let measured = try await runner.run()
        let report = RobustnessReport(measured)
        var table = "User-prompt robustness: \(resolved.title) against \(report.referenceName)\n\n"
        var rows: [[String]] = []
        for t in report.tasks {
            rows.append([t.task, String(t.prompts.count), UnseenCommand.improvedText(t.improved), t.gain.signedText, t.optimized.text, t.reference.text])
            for p in t.prompts {
                rows.append(["  \(p.id) (\(p.origin))", "", "", Self.signed(p.gain), p.optimized.text, p.reference.text])
            }
        }
        rows.append(["all tasks", String(report.tasks.reduce(0) { $0 + $1.prompts.count }), UnseenCommand.improvedText(report.improved), report.gain.signedText, "", ""])
        table += Console.table(["TASK / USER PROMPT", "PROMPTS", "IMPROVED", "MEAN GAIN", "OPTIMIZED", report.referenceName.uppercased()], rows) + "\n"
        table += "\nIMPROVED: user prompts with a higher score than under \(report.referenceName) (Wilson interval, n = prompts).\n"
        table += "MEAN GAIN: mean score difference over the user prompts (t interval, n = prompts). Scores: value [95% interval] n=examples.\n"
        table += EvaluationModels.usageLine(measured.modelName, measured.usage, seconds: measured.seconds)
        try output.emit(report, analysis: "robustness", stem: resolved.digest?.resultStem, table: table)
    }

    static func signed(_ d: Double) -> String {
        let s = ScoreSummary.fixed(d, 3)
        return s.hasPrefix("-") ? s : "+" + s
    }
}
