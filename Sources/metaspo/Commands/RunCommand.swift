import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins
import SPOEngine
import SPOModels

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Optimize a system prompt over source tasks with MetaSPO.",
        discussion: """
            Writes a session (every event, resumable) under $XDG_DATA_HOME/metaspo/sessions
            or --sessions-dir, and at the end the optimized system prompt and a summary
            (Markdown and JSON) beside it. With no endpoint configured, the embedded local
            model serves both roles (installed on first use). Ctrl-C stops cleanly after
            the calls in flight; `metaspo resume SESSION` continues.
            Examples:
              metaspo run --preset quick --headless
              metaspo run --config my-run.yaml --events > events.jsonl
              metaspo run --task navigate --task object_counting --iterations 2 \\
                --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b
            """)

    @OptionGroup var tasks: TaskOptions
    @OptionGroup var knobs: RunOptions
    @OptionGroup var answerCost: AnswerCostOptions
    @OptionGroup var models: ModelOptions
    @OptionGroup var budget: BudgetOptions
    @OptionGroup var throughput: ThroughputOptions
    @Flag(help: "Print a line per step instead of opening the dashboard.") var headless = false
    @Flag(help: "Print the event stream as JSON Lines on stdout.") var events = false
    @Flag(help: "Print one JSON document with the final summary.") var json = false
    @Flag(help: "Answer confirmations with yes (for scripts).") var yes = false

    func validate() throws {
        if events && json { throw ValidationError("give --events or --json, not both") }
    }

    func run() async throws {
        var cfg = try tasks.loadConfig()
        models.apply(to: &cfg)
        try knobs.apply(to: &cfg)
        answerCost.apply(to: &cfg)
        budget.apply(to: &cfg)
        throughput.apply(to: &cfg)
        let source = try tasks.selectedTasks(cfg)
        guard !source.isEmpty else {
            throw ValidationError("no source tasks: give --task/--task-file, a --preset, or a config with meta_train_tasks (see `metaspo tasks list`)")
        }
        let unseen = try tasks.unseenTasks(cfg)
        try TaskNames.ensureUnique(source + unseen)
        Console.warn(try TaskSplit.checkValidation(cfg, sourceTasks: source))
        // Record the tasks as resume will need to find them.
        cfg.metaTrainTasks = tasks.sourceRefs(cfg)
        cfg.metaTestTasks = cfg.metaTestTasks.map { TaskCatalog.isPath($0) ? TextFile.absolute($0, relativeTo: cfg.baseDirectory) : $0 }
        let wantsDashboard = !headless && !events && !json
        if wantsDashboard && !DashboardRunner.available {
            Console.stderr("note: not a terminal; running headless (one line per step)\n")
        }
        // Above confirm_above_usd the run asks first: in the dashboard, or not at all
        // without one (scripts answer with --yes).
        let confirmation = yes ? nil : StartConfirmation.question(config: cfg, source: source, unseen: unseen)
        if let question = confirmation, !(wantsDashboard && DashboardRunner.available) {
            throw SPOError("\(question.text); not started. Run again with --yes to go ahead (`metaspo plan` shows the details).")
        }
        let directory = cfg.sessionsDir ?? ResourceLocator.dataDirectory() + "/sessions"
        let runID = SessionWriter.makeRunID()
        // Key values in use are read once: the writer and a rewritten log both scrub them.
        let secrets = RunDriver.secrets(cfg)
        let writer = try SessionWriter.create(
            directory: directory, runID: runID, config: RunSession.recordedConfig(cfg),
            taskDigests: Dictionary((source + unseen).map { ($0.name, TaskDigest.of($0)) }, uniquingKeysWith: { a, _ in a }),
            scrub: secrets)
        if !json && !events { print("session: \(writer.path)") }
        let driver = RunDriver(
            config: cfg, sourceTasks: source, unseenTasks: unseen, localModel: models.localChoice,
            output: json ? .json : events ? .events : wantsDashboard && DashboardRunner.available ? .dashboard : .human,
            confirmation: confirmation)
        let code = try await driver.run(runID: runID, sink: SessionFileSink(writer: writer, scrub: secrets))
        if code != 0 { throw ExitCode(code) }
    }
}
