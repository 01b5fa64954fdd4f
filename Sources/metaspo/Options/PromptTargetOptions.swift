import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins
import SPOEngine

/// The system prompt under test and where to test it, for `unseen` and
/// `analyze`: a session (its best prompt, config and unseen tasks) or
/// `--system` with a config or preset; flags choose other unseen tasks.
struct PromptTargetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A session file (.jsonl): its best system prompt, config and unseen tasks.", valueName: "session"))
    var session: String?

    @Option(help: ArgumentHelp("The system prompt to test instead of a session's, or @FILE.", valueName: "text|@file"))
    var system: String?

    @Option(name: .long, help: ArgumentHelp("With --system: a run config (YAML) for models, sizes and unseen tasks.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("With --system: a shipped preset from configs/.", valueName: "name"))
    var preset: String?

    @Option(name: .customLong("unseen-task"), help: ArgumentHelp("An unseen task by name (repeatable; replaces the session's or config's).", valueName: "name"))
    var unseenTask: [String] = []

    @Option(name: .customLong("unseen-task-file"), help: ArgumentHelp("An unseen task spec or data file (repeatable).", valueName: "path"))
    var unseenTaskFile: [String] = []

    @Option(name: .customLong("test-size"), help: ArgumentHelp("Examples drawn from each task's test pool (default: the session's or config's).", valueName: "n"))
    var testSize: Int?

    @Option(help: ArgumentHelp("At most this many test examples per task (the first of the split).", valueName: "n"))
    var limit: Int?

    func validate() throws {
        if session != nil && system != nil { throw ValidationError("give a session or --system, not both") }
        if session == nil && system == nil { throw ValidationError("name a session file, or give --system TEXT|@FILE") }
        if session != nil && (config != nil || preset != nil) {
            throw ValidationError("--config and --preset go with --system; a session brings its own config")
        }
        if config != nil && preset != nil { throw ValidationError("give --config or --preset, not both") }
        if let system, system.isEmpty { throw ValidationError("--system is empty") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let testSize, testSize < 1 { throw ValidationError("--test-size must be at least 1") }
    }

    /// What was resolved: the prompt, its origin and the run config to test with.
    struct Target {
        var config: RunConfig
        var digest: SessionDigest?
        var systemText: String
        var systemID: String?
        /// The row label in comparisons: the session's method, or `given`.
        var label: String
        var unseenTasks: [SPOTask]
        /// The session's (or config's) source tasks.
        var sourceTasks: [SPOTask]

        /// How the prompt is named in headings.
        var title: String {
            guard let d = digest else { return "the given system prompt" }
            return "\(systemID ?? "the best system prompt") of \(d.run) (\(d.method)\(d.finished ? "" : ", unfinished"))"
        }
    }

    /// Reads the session or the config, then applies the model flags.
    func resolve(models: ModelOptions, needTasks: Bool = true) throws -> Target {
        var cfg: RunConfig
        var digest: SessionDigest?
        let text: String
        if let session {
            let d = try SessionDigest.read(path: try SessionArgument.resolve(session))
            if !d.finished {
                Console.warn(["\(session): the run has not finished; testing its best system prompt so far (\(d.bestSystemID ?? "?"))"])
            }
            cfg = d.config
            text = d.bestSystemText
            digest = d
        } else {
            var warnings: [String] = []
            cfg = RunConfig()
            if let config {
                cfg = try ConfigLoader.load(path: config, warnings: &warnings)
            } else if let preset {
                guard let path = ResourceLocator.find("configs", preset + ".yaml") else {
                    throw SPOError("unknown preset \"\(preset)\" (presets: \(ResourceLocator.list("configs", ext: "yaml").joined(separator: ", ")))")
                }
                cfg = try ConfigLoader.load(path: path, warnings: &warnings)
            }
            Console.warn(warnings)
            text = try PromptArgument.read(system ?? "")
            if text.contains(SPOTask.questionSlot) {
                throw SPOError("--system must not contain the {question} slot (it belongs in the user prompt)")
            }
        }
        if let testSize { cfg.testSize = testSize }
        models.apply(to: &cfg)

        var warnings: [String] = []
        defer { Console.warn(warnings) }
        let catalog = TaskCatalog(config: cfg)
        var tasks: [SPOTask] = []
        if !unseenTask.isEmpty || !unseenTaskFile.isEmpty {
            for name in unseenTask { tasks.append(try catalog.task(name, warnings: &warnings)) }
            for path in unseenTaskFile { tasks.append(try TaskLoader.load(path: TextFile.resolve(path, relativeTo: nil), warnings: &warnings)) }
        } else {
            for ref in cfg.metaTestTasks { tasks.append(try catalog.task(ref, fromConfig: true, warnings: &warnings)) }
        }
        var seen = Set<String>()
        for t in tasks where !seen.insert(t.name).inserted {
            throw SPOError("unseen task \(t.name) is named twice")
        }
        if needTasks && tasks.isEmpty {
            let from = digest.map { "the session \($0.run) has no unseen tasks" } ?? "no unseen tasks in the config"
            throw SPOError("\(from); name some with --unseen-task NAME or --unseen-task-file PATH (see `metaspo tasks list`)")
        }
        var sources: [SPOTask] = []
        for ref in cfg.metaTrainTasks { sources.append(try catalog.task(ref, fromConfig: true, warnings: &warnings)) }
        return Target(
            config: cfg, digest: digest, systemText: text, systemID: digest?.bestSystemID,
            label: digest?.method ?? "given", unseenTasks: tasks, sourceTasks: sources)
    }
}
