import ArgumentParser
import Foundation
import SPOCore
import SPOEngine

struct UnseenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseen",
        abstract: "Unseen-task generalization: the optimized system prompt against the baselines.",
        discussion: """
            For each unseen task, N user prompts (the task's own, plus prompts drawn
            APE-style from it by the optimizer once, saved and reused, or given in a
            file) are each evaluated on the task's test split under the system prompt
            and under each baseline (prompts/baselines/). Prints per task and the mean,
            each score with its 95% interval and n, and the fraction of user prompts
            under which the system prompt beats the default baseline. With a session,
            the result is saved as <run>.unseen.json beside it (for `metaspo compare`);
            reruns are answered by the response cache.
            Examples:
              metaspo unseen RUN.jsonl
              metaspo unseen RUN.jsonl --unseen-task web_of_lies --prompts 3 --limit 50
              metaspo unseen --system @prompt.txt --preset quick --baseline default --json
              metaspo unseen RUN.jsonl --user-prompts my-prompts.json
            """)

    @OptionGroup var target: PromptTargetOptions

    @Option(help: ArgumentHelp("User prompts per task, the task's own included (default 5; with an existing --user-prompts file: those in it).", valueName: "n"))
    var prompts: Int?

    @Option(name: .customLong("user-prompts"), help: ArgumentHelp("A user-prompts file (JSON, see docs/comparisons.md): read when it exists; new prompts are saved to it.", valueName: "file"))
    var userPrompts: String?

    @Option(name: .customLong("baseline"), help: ArgumentHelp("A baseline by name (repeatable; default: all in prompts/baselines/; `default` is always included).", valueName: "name"))
    var baseline: [String] = []

    @Option(help: ArgumentHelp("Where to save the result JSON (default: <run>.unseen.json beside the session; none for --system).", valueName: "path"))
    var out: String?

    @Flag(help: "Print one JSON document with the results.") var json = false

    @OptionGroup var models: ModelOptions

    func validate() throws {
        if let prompts, prompts < 1 { throw ValidationError("--prompts must be at least 1") }
    }

    func run() async throws {
        let resolved = try target.resolve(models: models)
        let baselines = try BaselinePrompts.load(baseline)
        let runner = UnseenRunner(
            target: resolved, baselines: baselines, promptCount: prompts, userPromptsPath: userPrompts, limit: target.limit,
            local: models.localChoice)
        let report = try await runner.run()
        let outPath = out.map { TextFile.resolve($0, relativeTo: nil) } ?? resolved.digest?.unseenFile
        var saveError: SPOError?
        if let outPath {
            do {
                try FileManager.default.createDirectory(atPath: (outPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try report.write(to: outPath)
            } catch {
                saveError = SPOError(file: outPath, "cannot be written: \(error.localizedDescription)")
            }
        }
        // The results are printed even when they cannot be saved: the calls are paid for.
        if json {
            print(report.jsonText)
        } else {
            print(Self.table(report, title: resolved.title))
            print(EvaluationModels.usageLine(report.modelName, report.usage, seconds: report.seconds))
            if let outPath, saveError == nil {
                print("saved: \(outPath)")
            } else if outPath == nil {
                print("not saved: give --out PATH to keep the result for `metaspo compare`")
            }
        }
        if let saveError { throw saveError }
    }

    /// The human table: a row per task and the mean, a column per system prompt.
    static func table(_ r: UnseenReport, title: String) -> String {
        let prompts = r.tasks.map(\.userPrompts.count)
        let promptText = Set(prompts).count == 1 ? "\(prompts.first ?? 0)" : "\(prompts.min() ?? 0)–\(prompts.max() ?? 0)"
        var out = "Unseen tasks: \(title) against \(r.baselines.count) baseline\(r.baselines.count == 1 ? "" : "s"), \(promptText) user prompt\(promptText == "1" ? "" : "s") per task\n"
        out += "System prompt: \(HeadlessPrinter.brief(r.systemText))\n\n"
        let names = r.systemNames
        let header = ["TASK", "PROMPTS"] + names + ["IMPROVED vs default", "GAIN over prompts", "GAIN per question"]
        var rows: [[String]] = []
        for t in r.tasks {
            rows.append([t.task, String(t.userPrompts.count)] + names.map { t.system($0)?.overall.text ?? "–" }
                + [improvedText(t.improved), t.gain.signedText, t.pairedGain?.signedText ?? "–"])
        }
        rows.append(["mean", ""] + names.map { r.means[$0]?.text ?? "–" } + [improvedText(r.improved), "", r.pairedGain?.signedText ?? "–"])
        out += Console.table(header, rows) + "\n"
        out += "\nScores: value [95% interval] n=examples scored over all user prompts. IMPROVED: user prompts under which\n"
        out += "the system prompt scores higher than the default baseline (Wilson interval). GAIN over prompts: mean of the\n"
        out += "per-prompt differences (t interval, n=prompts). GAIN per question: the same questions paired, each question's\n"
        out += "difference averaged over the user prompts (t interval, n=questions); an interval that contains 0 shows no difference.\n"
        if let g = r.pairedGain {
            out += g.low > 0 ? "Paired over all tasks: the system prompt scores higher than the default.\n"
                : g.high < 0 ? "Paired over all tasks: the system prompt scores lower than the default.\n"
                : "Paired over all tasks: no difference shown from the default.\n"
        }
        return out
    }

    static func improvedText(_ e: ScoreEstimate) -> String {
        let hits = Int((e.score * Double(e.n)).rounded())
        return "\(hits)/\(e.n) = \(ScoreSummary.fixed(e.score, 2)) [\(ScoreSummary.fixed(e.low, 2)), \(ScoreSummary.fixed(e.high, 2))]"
    }
}
