import ArgumentParser
import Foundation
import SPOCore
import SPOEngine

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Project a run's calls, tokens, cost and time before paying for it.",
        discussion: """
            Counts the base-model and optimizer calls of the configured run from the
            method's formula (docs/engine.md), for the exhaustive strategy and, as a range,
            for racing; tokens from the tasks' texts; cost from the config's `prices:`; time
            from measured figures for the embedded model or stated assumptions for an
            endpoint. Nothing is called.
            Examples:
              metaspo plan --preset quick
              metaspo plan --config my-run.yaml --iterations 2 --json
              metaspo plan --task navigate --base-url http://127.0.0.1:8000/v1 --model m \\
                --base-latency 0.4
            """)

    @OptionGroup var tasks: TaskOptions
    @OptionGroup var knobs: RunOptions
    @OptionGroup var answerCost: AnswerCostOptions
    @OptionGroup var models: ModelOptions
    @OptionGroup var budget: BudgetOptions
    @Option(name: .customLong("base-latency"), help: ArgumentHelp("Seconds per base call at the endpoint (default: measured or assumed; see the output).", valueName: "s"))
    var baseLatency: Double?
    @Option(name: .customLong("optimizer-latency"), help: ArgumentHelp("Seconds per optimizer call.", valueName: "s"))
    var optimizerLatency: Double?
    @Flag(help: "Print the projection as one JSON document.") var json = false

    func validate() throws {
        for (name, v) in [("--base-latency", baseLatency), ("--optimizer-latency", optimizerLatency)] {
            if let v, v <= 0 { throw ValidationError("\(name) must be more than 0 seconds") }
        }
    }

    func run() async throws {
        var cfg = try tasks.loadConfig()
        models.apply(to: &cfg)
        try knobs.apply(to: &cfg)
        answerCost.apply(to: &cfg)
        budget.apply(to: &cfg)
        let source = try tasks.selectedTasks(cfg)
        guard !source.isEmpty else {
            throw ValidationError("no source tasks: give --task/--task-file, a --preset, or a config with meta_train_tasks (see `metaspo tasks list`)")
        }
        let unseen = try tasks.unseenTasks(cfg)
        try TaskNames.ensureUnique(source + unseen)
        Console.warn(try TaskSplit.checkValidation(cfg, sourceTasks: source))
        var assumptions = PlanAssumptions.defaults(for: cfg)
        if let baseLatency { assumptions.baseLatency = baseLatency }
        if let optimizerLatency { assumptions.optimizerLatency = optimizerLatency }
        if baseLatency != nil || optimizerLatency != nil { assumptions.latencySource = "given on the command line" }
        let prompts = try? MetaPromptSet.load(overrides: cfg.promptTemplates)
        let projection = RunPlanner.project(config: cfg, sourceTasks: source, unseenTasks: unseen, prompts: prompts, assumptions: assumptions)
        if json {
            try Console.printJSON(projection)
        } else {
            print(PlanPrinter.text(projection, config: cfg))
        }
    }
}
