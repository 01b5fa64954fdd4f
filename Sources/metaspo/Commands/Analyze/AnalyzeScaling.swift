import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins
import SPOEngine

struct AnalyzeScaling: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "Source-task scaling: the unseen-task score of runs with 1, 2, … N source tasks.",
        discussion: """
            From sessions: each finished run is a point at its number of source tasks,
            scored on its unseen tasks (from its <run>.unseen.json when `metaspo unseen`
            was run on it, else from its summary: the task's own user prompt). The
            initial prompt is the point at 0.
            From a config (no sessions given): runs the method with the first 1, 2, … N
            source tasks (--max-sources, default all), each a session named
            scaling-k<k>-<hash> in the sessions folder; a second call reuses the
            finished runs and resumes unfinished ones.
            Examples:
              metaspo analyze scaling run-a.jsonl run-b.jsonl run-c.jsonl
              metaspo analyze scaling --preset reasoning --max-sources 3 --iterations 1
            """)

    @Argument(help: ArgumentHelp("Finished sessions of one method with different numbers of source tasks.", valueName: "session"))
    var sessions: [String] = []

    @Option(name: .customLong("max-sources"), help: ArgumentHelp("With a config: run with 1 … N source tasks (default: all of them).", valueName: "n"))
    var maxSources: Int?

    @OptionGroup var tasks: TaskOptions
    @OptionGroup var knobs: RunOptions
    @OptionGroup var output: AnalysisOutputOptions
    @OptionGroup var models: ModelOptions

    func validate() throws {
        if let maxSources, maxSources < 1 { throw ValidationError("--max-sources must be at least 1") }
        if !sessions.isEmpty && (tasks.config != nil || tasks.preset != nil || !tasks.task.isEmpty || !tasks.taskFile.isEmpty || maxSources != nil) {
            throw ValidationError("give sessions, or a config (--config/--preset/--task) to run, not both")
        }
    }

    func run() async throws {
        var paths = sessions.map { TextFile.resolve($0, relativeTo: nil) }
        var ran = 0, reused = 0
        if paths.isEmpty {
            var cfg = try tasks.loadConfig()
            models.apply(to: &cfg)
            try knobs.apply(to: &cfg)
            let source = try tasks.selectedTasks(cfg)
            guard !source.isEmpty else {
                throw ValidationError("name sessions to compare, or source tasks to run: --config/--preset, or --task (see `metaspo tasks list`)")
            }
            let unseen = try tasks.unseenTasks(cfg)
            if unseen.isEmpty {
                throw ValidationError("scaling is measured on unseen tasks: give the config meta_test_tasks, or --unseen-task NAME")
            }
            cfg.metaTrainTasks = tasks.sourceRefs(cfg)
            cfg.metaTestTasks = cfg.metaTestTasks.map { TaskCatalog.isPath($0) ? TextFile.resolve($0, relativeTo: cfg.baseDirectory) : $0 }
            let n = min(maxSources ?? source.count, source.count)
            if let maxSources, maxSources > source.count {
                Console.warn(["--max-sources \(maxSources) but the config has \(source.count) source tasks; running 1 … \(source.count)"])
            }
            let runner = ScalingRunner(config: cfg, sourceTasks: source, unseenTasks: unseen, local: models.localChoice)
            for k in 1...n {
                let (path, wasReused) = try await runner.run(k: k)
                if wasReused { reused += 1 } else { ran += 1 }
                paths.append(path)
            }
        }
        let digests = try paths.map { try SessionDigest.read(path: $0) }
        let report = try ScalingReport.build(digests)
        if report.points.filter({ $0.sources > 0 }).isEmpty {
            throw SPOError("no run had unseen-task scores: \(report.notes.joined(separator: "; "))")
        }
        var table = "Source-task scaling: \(report.method), scored on \(report.unseenTasks.joined(separator: ", "))\n\n"
        let header = ["SOURCES", "RUN"] + report.unseenTasks + ["MEAN", "FROM"]
        let rows = report.points.map { p in
            [p.sources == 0 ? "0 (initial)" : "\(p.sources): \(p.sourceTasks.joined(separator: ","))", p.run ?? "–"]
                + report.unseenTasks.map { p.scores[$0]?.text ?? "–" } + [p.mean?.text ?? "–", p.from]
        }
        table += Console.table(header, rows) + "\n"
        table += "\nScores: value [95% interval] n=examples; MEAN averages the unseen tasks (n is their total).\n"
        if !report.notes.isEmpty { table += report.notes.map { "note: \($0)\n" }.joined() }
        if ran + reused > 0 { table += "runs: \(ran) made, \(reused) reused\n" }
        try output.emit(report, analysis: "scaling", stem: sessions.isEmpty ? nil : digests.first?.resultStem, table: table)
    }
}
