import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins

/// Config and task selection flags shared by every command that reads tasks.
struct TaskOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A run config (YAML).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("A shipped preset from configs/ (e.g. quick, reasoning).", valueName: "name"))
    var preset: String?

    @Option(name: .long, help: ArgumentHelp("A task by name: built-in or from the config (repeatable).", valueName: "name"))
    var task: [String] = []

    @Option(name: .customLong("task-file"), help: ArgumentHelp("A task spec (.yaml) or data file (.json, .jsonl, .csv) (repeatable).", valueName: "path"))
    var taskFile: [String] = []

    @Option(name: .customLong("train-size"), help: ArgumentHelp("Examples drawn from each task's train pool.", valueName: "n"))
    var trainSize: Int?

    @Option(name: .customLong("test-size"), help: ArgumentHelp("Examples drawn from each task's test pool.", valueName: "n"))
    var testSize: Int?

    @Option(name: .long, help: ArgumentHelp("Seed for the train split and sampling.", valueName: "n"))
    var seed: UInt64?

    func validate() throws {
        if config != nil && preset != nil { throw ValidationError("give --config or --preset, not both") }
        if let t = trainSize, t < 1 { throw ValidationError("--train-size must be at least 1") }
        if let t = testSize, t < 1 { throw ValidationError("--test-size must be at least 1") }
    }

    /// The config file, preset, or defaults, with these flags applied. Warnings go to stderr.
    func loadConfig() throws -> RunConfig {
        var warnings: [String] = []
        var cfg = RunConfig()
        if let config {
            cfg = try ConfigLoader.load(path: config, warnings: &warnings)
        } else if let preset {
            guard let path = ResourceLocator.find("configs", preset + ".yaml") else {
                let known = ResourceLocator.list("configs", ext: "yaml").joined(separator: ", ")
                throw SPOError("unknown preset \"\(preset)\" (presets: \(known.isEmpty ? "none found" : known))")
            }
            cfg = try ConfigLoader.load(path: path, warnings: &warnings)
        }
        if let trainSize { cfg.trainSize = trainSize }
        if let testSize { cfg.testSize = testSize }
        if let seed { cfg.seed = seed }
        Console.warn(warnings)
        return cfg
    }

    /// The tasks named by --task and --task-file; when there are none, the
    /// config's source tasks, or `fallback`.
    func selectedTasks(_ cfg: RunConfig, fallback: [String] = []) throws -> [SPOTask] {
        var warnings: [String] = []
        defer { Console.warn(warnings) }
        let catalog = TaskCatalog(config: cfg)
        var out: [SPOTask] = []
        for name in task { out.append(try catalog.task(name, warnings: &warnings)) }
        for path in taskFile { out.append(try TaskLoader.load(path: path, warnings: &warnings)) }
        if out.isEmpty {
            let refs = cfg.metaTrainTasks.isEmpty ? fallback : cfg.metaTrainTasks
            for ref in refs { out.append(try catalog.task(ref, fromConfig: true, warnings: &warnings)) }
        }
        try TaskNames.ensureUnique(out)
        return out
    }

    /// How the chosen source tasks are named in a session's config, so that
    /// `resume` finds the same tasks: names as they are, paths made absolute.
    func sourceRefs(_ cfg: RunConfig) -> [String] {
        let given = task + taskFile.map { TextFile.absolute($0) }
        if !given.isEmpty { return given }
        return cfg.metaTrainTasks.map { TaskCatalog.isPath($0) ? TextFile.absolute($0, relativeTo: cfg.baseDirectory) : $0 }
    }

    /// The config's unseen tasks.
    func unseenTasks(_ cfg: RunConfig) throws -> [SPOTask] {
        var warnings: [String] = []
        defer { Console.warn(warnings) }
        let catalog = TaskCatalog(config: cfg)
        var out: [SPOTask] = []
        for ref in cfg.metaTestTasks { out.append(try catalog.task(ref, fromConfig: true, warnings: &warnings)) }
        try TaskNames.ensureUnique(out)
        return out
    }
}
