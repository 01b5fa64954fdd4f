import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List tasks and show their questions and gold answers.",
        discussion: """
            Examples:
              metaspo tasks list
              metaspo tasks list --task-file ./my-task.yaml --json
              metaspo tasks show navigate --limit 3
              metaspo tasks show ./reviews.jsonl --split train
            """,
        subcommands: [TasksList.self, TasksShow.self]
    )
}

/// One row of `tasks list`, also its JSON form.
struct TaskInfo: Encodable {
    var name: String
    var domain: String
    var source: String
    var trainPool: Int
    var testPool: Int
    var train: Int
    var test: Int
    var answer: String
    var metric: String
    var summary: String
    var inferred: [String]
    var userPrompt: String

    init(_ task: SPOTask, config: RunConfig) {
        name = task.name
        domain = task.domain
        source = task.source.description
        trainPool = task.trainPool.count
        testPool = task.testPool.count
        train = min(config.trainSize, task.trainPool.count)
        test = min(config.testSize, task.testPool.count)
        answer = task.scorerCommand == nil ? task.answerKind.description : "custom scorer"
        metric = task.metric.rawValue
        summary = task.summary
        inferred = task.inferred
        userPrompt = task.userPrompt
    }
}

struct TasksList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List built-in tasks, the config's tasks, and task files.",
        discussion: """
            Sizes are what a run uses: min(train_size, train pool) and min(test_size, test pool).
            Examples:
              metaspo tasks list
              metaspo tasks list --preset reasoning --json
            """)

    @OptionGroup var options: TaskOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let cfg = try options.loadConfig()
        var warnings: [String] = []
        var tasks = try TaskCatalog(config: cfg).allNamed(warnings: &warnings)
        for path in options.taskFile { tasks.append(try TaskLoader.load(path: path, warnings: &warnings)) }
        Console.warn(warnings)
        let infos = tasks.map { TaskInfo($0, config: cfg) }
        if json {
            try Console.printJSON(infos)
            return
        }
        let rows = infos.map { [$0.name, $0.domain, $0.source, "\($0.train)/\($0.trainPool)", "\($0.test)/\($0.testPool)", $0.answer, $0.metric] }
        print(Console.table(["NAME", "DOMAIN", "SOURCE", "TRAIN", "TEST", "ANSWER", "METRIC"], rows))
        let domains = Set(infos.map(\.domain)).count
        print("\n\(infos.count) tasks in \(domains) domains. `metaspo tasks show NAME` prints questions and gold answers.")
    }
}

struct TasksShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a task's settings, what was inferred, and rendered user prompts with gold answers.",
        discussion: """
            Example indices are positions in the split a run uses (test: fixed shuffle;
            train: shuffled with --seed); `metaspo score` reads responses by these indices.
            Examples:
              metaspo tasks show object_counting
              metaspo tasks show ./bigbench/date_understanding.json --limit 2 --json
            """)

    @Argument(help: "A task name, or a path to a task spec or data file.") var name: String
    @OptionGroup var options: TaskOptions
    @Option(help: "Which split to show.") var split: SplitOption = .test
    @Option(help: "How many examples to print.") var limit: Int = 5
    @Flag(help: "Print JSON.") var json = false

    struct Shown: Encodable {
        var task: TaskInfo
        var split: String
        var examples: [ShownExample]
    }

    struct ShownExample: Encodable {
        var index: Int
        var prompt: String
        var gold: [String]
        var choices: [String]?
    }

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let cfg = try options.loadConfig()
        var warnings: [String] = []
        // Names resolve as in every command: the --task-file tasks (by their
        // name) first, refusing a name two sources share, then the catalog.
        var fromFiles: [SPOTask] = []
        for path in options.taskFile { fromFiles.append(try TaskLoader.load(path: path, warnings: &warnings)) }
        let matching = fromFiles.filter { $0.name == name }
        let task: SPOTask
        if let file = matching.first {
            let builtin = (try? TaskCatalog(config: cfg).task(name, warnings: &warnings)).map { [$0] } ?? []
            try TaskNames.ensureUnique(builtin + matching)
            task = file
        } else {
            task = try TaskCatalog(config: cfg).task(name, warnings: &warnings)
        }
        Console.warn(warnings)
        let examples = TaskSplit(task: task, trainSize: cfg.trainSize, testSize: cfg.testSize, seed: cfg.seed).examples(split.split)
        let shown = examples.prefix(limit).enumerated().map {
            ShownExample(index: $0.offset, prompt: task.render($0.element), gold: $0.element.answers, choices: $0.element.choices)
        }
        let info = TaskInfo(task, config: cfg)
        if json {
            try Console.printJSON(Shown(task: info, split: split.rawValue, examples: shown))
            return
        }
        say("\(info.name)  (\(info.domain), \(info.source))")
        if !info.summary.isEmpty { say("  \(info.summary)") }
        say("  answer: \(info.answer)   metric: \(info.metric)   train: \(info.train) of \(info.trainPool)   test: \(info.test) of \(info.testPool)")
        if !info.inferred.isEmpty {
            say("  inferred:")
            for line in info.inferred { say("    \(line)") }
        }
        say("  user prompt:")
        for line in task.userPrompt.split(separator: "\n", omittingEmptySubsequences: false) { say("    │ \(line)") }
        say("")
        for ex in shown {
            say("── \(split.rawValue)[\(ex.index)] " + String(repeating: "─", count: 40))
            say(ex.prompt)
            say("gold: \(ex.gold.joined(separator: " | "))")
        }
        if examples.count > limit { print("── … \(examples.count - limit) more (--limit)") }
    }

    /// Prints a line holding dataset text, which is shown inertly.
    private func say(_ line: String) {
        print(TerminalText.inert(line))
    }
}

