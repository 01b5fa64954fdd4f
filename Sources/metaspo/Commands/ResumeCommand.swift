import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins
import SPOEngine
import SPOModels

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run from its session file (after Ctrl-C, a crash or kill -9).",
        discussion: """
            The run starts again from its beginning with the same requests; the response
            cache answers every call that had completed, and events already in the session
            are not written again. Endpoints, keys and concurrency may be changed with the
            model flags, and budgets with --max-calls, --max-cost, …; nothing that changes
            the search can be. A run stopped by its budget goes on once the budget is raised.
            Examples:
              metaspo resume 2026-11-27T09-12-03 --headless    # a run id, or its file
              metaspo resume run.jsonl --base-url http://10.0.0.5:8000/v1 --json
              metaspo resume run.jsonl --max-calls 30000
            """)

    @Argument(help: "The session file (.jsonl), or its run id from `metaspo sessions list`.") var session: String
    @OptionGroup var models: ModelOptions
    @OptionGroup var budget: BudgetOptions
    @OptionGroup var throughput: ThroughputOptions
    @Flag(help: "Print a line per step instead of opening the dashboard.") var headless = false
    @Flag(help: "Print the new events as JSON Lines on stdout.") var events = false
    @Flag(help: "Print one JSON document with the final summary.") var json = false
    @Flag(
        name: .customLong("allow-changed-tasks"),
        help: "Resume even though a task's data or prompt changed since the run started (scores logged before and after would be of different questions).")
    var allowChangedTasks = false

    func run() async throws {
        let path = try SessionArgument.resolve(session)
        let loaded: LoadedSession
        do {
            loaded = try SessionReader.read(path: path)
        } catch {
            // Resume must re-emit every logged event; a damaged line cannot be skipped.
            throw SPOError("\(error); resume needs every line intact (`metaspo replay \(session) --headless` shows what is readable; `metaspo export \(session) --best` gets the prompt so far)")
        }
        if loaded.events.contains(where: { if case .runFinished = $0.event { true } else { false } }) {
            print("\(path): this run has finished; nothing to resume (see `metaspo export \(session) --best`).")
            return
        }
        let started = loaded.events.lazy.compactMap({ r -> EngineEvent.RunStarted? in
            if case .runStarted(let s) = r.event { return s }
            return nil
        }).first
        // A run killed right after writing the header has no events yet: it starts
        // over under its own name. Events without a run_started are damage.
        guard started != nil || loaded.events.isEmpty else {
            throw SPOError(file: path, "the session has no run_started event; it cannot be resumed")
        }
        let runID = started?.run ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var cfg: RunConfig
        do {
            let data = try JSONEncoder().encode(loaded.header.config)
            cfg = try JSONDecoder().decode(RunConfig.self, from: data)
        } catch {
            throw SPOError(file: path, line: 1, field: "config", "cannot be read back as a run config: \(error)")
        }
        models.apply(to: &cfg)
        // A budget may be raised (or set) on resume; it changes when the run stops, not what it asks.
        budget.apply(to: &cfg)
        throughput.apply(to: &cfg)
        var warnings: [String] = []
        let catalog = TaskCatalog(config: cfg)
        var source: [SPOTask] = [], unseen: [SPOTask] = []
        for ref in cfg.metaTrainTasks { source.append(try catalog.task(ref, fromConfig: true, warnings: &warnings)) }
        for ref in cfg.metaTestTasks { unseen.append(try catalog.task(ref, fromConfig: true, warnings: &warnings)) }
        Console.warn(warnings)
        let changed = TaskDigest.changed(source + unseen, recorded: loaded.header.taskDigests)
        if !changed.isEmpty {
            let what = changed.map { t -> String in
                if case .file(let p) = t.source { return (p as NSString).lastPathComponent }
                return "built-in task \(t.name)"
            }
            let message = "\(what.joined(separator: ", ")) changed since the run started (questions, answers or prompt differ from those this session scored)"
            guard allowChangedTasks else {
                throw SPOError(file: path, "\(message); restore the data, start a new run, or resume with --allow-changed-tasks")
            }
            Console.warn(["\(message); going on (--allow-changed-tasks)"])
        }
        if cfg.noCache {
            Console.warn(["the run was made with --no-cache: calls that had completed are asked again"])
        }
        // Key values in use are read once: the writer and a rewritten log both scrub them.
        let secrets = RunDriver.secrets(cfg)
        let (writer, session) = try SessionWriter.resume(path: path, scrub: secrets)
        if !json && !events { print("resuming \(path) after event \(session.lastSeq)") }
        let driver = RunDriver(
            config: cfg, sourceTasks: source, unseenTasks: unseen, localModel: models.localChoice,
            output: json ? .json : events ? .events : !headless && DashboardRunner.available ? .dashboard : .human)
        let code = try await driver.run(runID: runID, sink: SessionFileSink(writer: writer, scrub: secrets), resumeFrom: session.events)
        if code != 0 { throw ExitCode(code) }
    }
}
