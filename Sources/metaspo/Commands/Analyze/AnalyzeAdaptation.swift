import ArgumentParser
import Foundation
import SPOCore
import SPOEngine
import SPOModels

struct AnalyzeAdaptation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adaptation",
        abstract: "Adaptation efficiency: test-time adaptation curves under the optimized and the default system prompt.",
        discussion: """
            Runs `metaspo adapt` (protegi on each unseen task's user prompt, the system
            prompt fixed) once per train size: the score after each iteration at the
            largest size, and the final score at each size. Then, for each system
            prompt, the fewest iterations and train examples it needs to reach the
            default's final score. The adaptations are ordinary adapt sessions: a
            second call reads finished ones back and resumes unfinished ones.
            Examples:
              metaspo analyze adaptation RUN.jsonl
              metaspo analyze adaptation RUN.jsonl --train-sizes 5,10,20 --iterations 3
            """)

    @OptionGroup var target: PromptTargetOptions

    @Option(name: .customLong("train-sizes"), help: ArgumentHelp("Train sizes to adapt with, comma-separated (default: a quarter, half and all of the run's train size).", valueName: "n,n,…"))
    var trainSizes: String?

    @Option(help: ArgumentHelp("Adaptation iterations (default: the session's or config's `iteration`).", valueName: "n"))
    var iterations: Int?

    @Option(name: .customLong("sessions-dir"), help: ArgumentHelp("Where the adaptation sessions go.", valueName: "dir"))
    var sessionsDir: String?

    @OptionGroup var output: AnalysisOutputOptions
    @OptionGroup var models: ModelOptions

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        if let trainSizes { _ = try Self.sizes(trainSizes) }
        if target.limit != nil { throw ValidationError("--limit does not apply to adaptation; use --test-size") }
    }

    static func sizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [Int] = []
        for p in parts {
            guard let n = Int(p), n >= 1 else { throw ValidationError("--train-sizes: \"\(p)\" is not a whole number of at least 1") }
            out.append(n)
        }
        if out.isEmpty { throw ValidationError("--train-sizes: give at least one size, e.g. 5,10,20") }
        return Array(Set(out)).sorted()
    }

    func run() async throws {
        var resolved = try target.resolve(models: models)
        if let iterations { resolved.config.iterations = iterations }
        if let sessionsDir { resolved.config.sessionsDir = TextFile.resolve(sessionsDir, relativeTo: nil) }
        let full = resolved.config.trainSize
        let sizes = try trainSizes.map(Self.sizes) ?? Array(Set([max(1, full / 4), max(1, full / 2), full])).sorted()
        var runs: [(trainSize: Int, report: AdaptReport)] = []
        var usage = (base: 0, optimizer: 0, hits: 0)
        let started = ContinuousClock.now
        for size in sizes {
            var t = resolved
            t.config.trainSize = size
            Console.stderr("adapting with \(size) train example\(size == 1 ? "" : "s") per task\n")
            let report = try await AdaptRunner(target: t, local: models.localChoice).run()
            usage.base += report.usage.base.calls
            usage.optimizer += report.usage.optimizer.calls
            usage.hits += report.usage.base.cacheHits + report.usage.optimizer.cacheHits
            runs.append((size, report))
        }
        let report = AdaptationReport(runs)
        var table = Self.table(report)
        table += "\(usage.base) base + \(usage.optimizer) optimizer calls, \(usage.hits) cache hits, \(ScoreSummary.fixed(EvalCommand.seconds(since: started), 1)) s"
        try output.emit(report, analysis: "adaptation", stem: resolved.digest?.resultStem, table: table)
    }

    static func table(_ r: AdaptationReport) -> String {
        var out = "Adaptation efficiency: \(r.title) against the default, \(r.iterations) iteration\(r.iterations == 1 ? "" : "s"), train sizes \(r.trainSizes.map(String.init).joined(separator: ", "))\n"
        for t in r.tasks {
            let labels = t.arms.map(\.label)
            out += "\n\(t.task) (\(t.metric), test split); target: the default's final score \(t.target?.text ?? "–")\n"
            let iterations = Set(t.arms.flatMap { $0.iterations.map(\.iteration) }).sorted()
            var rows = iterations.map { i in
                ["iteration \(i)"] + labels.map { l in t.arm(l)?.iterations.first { $0.iteration == i }?.test?.text ?? "–" }
            }
            for size in r.trainSizes {
                rows.append(["\(size) train examples"] + labels.map { l in t.arm(l)?.examples.first { $0.trainSize == size }?.final?.text ?? "–" })
            }
            rows.append(["reaches target at"] + labels.map { l in
                guard let reach = t.arm(l)?.reach else { return "–" }
                let it = reach.iteration.map { "iteration \($0)" } ?? "not in \(r.iterations) iterations"
                let ex = reach.trainSize.map { "\($0) examples" } ?? "no train size"
                return "\(it); \(ex)"
            })
            out += Console.table(["POINT"] + labels.map { $0.uppercased() }, rows) + "\n"
        }
        if let optimized = r.meanIterations["optimized"], let reference = r.meanIterations["default"], r.tasks.count > 1 {
            out += "\nmean over tasks by iteration:\n"
            let rows = (0..<max(optimized.count, reference.count)).map { i in
                ["iteration \(i)", i < optimized.count ? optimized[i]?.text ?? "–" : "–", i < reference.count ? reference[i]?.text ?? "–" : "–"]
            }
            out += Console.table(["POINT", "OPTIMIZED", "DEFAULT"], rows) + "\n"
        }
        out += "\nScores: the best user prompt so far on the test split: value [95% interval] n=examples.\n"
        return out
    }
}
