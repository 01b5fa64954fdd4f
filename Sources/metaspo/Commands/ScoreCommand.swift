import ArgumentParser
import Foundation
import SPOCore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a file of model responses against a task's gold answers (no LLM needed).",
        discussion: """
            The responses file is JSON Lines: {"index": i, "response": "..."} per line, where i
            is the example's index in the split (as `metaspo tasks show` prints it). Examples
            missing from the file are not scored; the report says how many.
            Examples:
              metaspo score --task navigate --responses responses.jsonl
              metaspo score --task-file ./reviews.yaml --responses out.jsonl \\
                --split train --json
            """)

    @OptionGroup var options: TaskOptions
    @Option(help: ArgumentHelp("JSON Lines of {\"index\", \"response\"}.", valueName: "file")) var responses: String
    @Option(help: "Which split the indices refer to.") var split: SplitOption = .test
    @Flag(help: "Print JSON with per-item prediction and correctness.") var json = false

    struct Report: Encodable {
        var task: String
        var split: String
        var metric: String
        var score: Double
        var low: Double
        var high: Double
        var n: Int
        var correct: Int
        var formatErrors: Int
        var unanswered: Int
        var items: [Item]
    }

    struct Item: Encodable {
        var index: Int
        var prediction: String
        var gold: [String]
        var correct: Bool
        var credit: Double?
    }

    func validate() throws {
        if options.task.count + options.taskFile.count != 1 {
            throw ValidationError("name exactly one task with --task or --task-file")
        }
    }

    func run() throws {
        let cfg = try options.loadConfig()
        guard let task = try options.selectedTasks(cfg).first else { throw ValidationError("no task given") }
        let examples = TaskSplit(task: task, trainSize: cfg.trainSize, testSize: cfg.testSize, seed: cfg.seed).examples(split.split)
        let answers = try ResponseFile.read(responses, count: examples.count, split: split.split)
        let indices = answers.keys.sorted()
        let scorer = Scorer(task: task)
        let scored = try scorer.items(responses: indices.map { answers[$0]! }, examples: indices.map { examples[$0] })
        let summary = scorer.summarize(scored)
        let items = zip(indices, scored).map { i, s in
            Item(index: i, prediction: s.prediction.label, gold: examples[i].answers, correct: s.correct, credit: s.credit)
        }
        let report = Report(
            task: task.name, split: split.rawValue, metric: task.metric.rawValue, score: summary.score,
            low: summary.low, high: summary.high, n: summary.n, correct: summary.correct,
            formatErrors: summary.formatErrors, unanswered: examples.count - indices.count, items: items)
        if json {
            try Console.printJSON(report)
            return
        }
        print(TerminalText.line("\(task.name) (\(split.rawValue)): \(task.metric.rawValue) \(summary.text)"))
        print("  correct \(summary.correct) of \(summary.n), format errors \(summary.formatErrors)"
            + (report.unanswered > 0 ? ", \(report.unanswered) examples of the split have no response" : ""))
    }
}

/// Reads a responses file for `metaspo score`.
enum ResponseFile {
    static func read(_ path: String, count: Int, split: Split) throws -> [Int: String] {
        let text = try TextFile.read(path)
        var out: [Int: String] = [:]
        for node in try JSONParser.lines(text, file: path) {
            let lineNo = node.line
            guard let indexNode = node["index"] else { throw SPOError(file: path, line: lineNo, "missing field \"index\"") }
            guard let d = indexNode.number, d == d.rounded(), d >= 0, d < Double(Int.max) else {
                throw SPOError(file: path, line: lineNo, field: "index", "expected a whole number ≥ 0")
            }
            let index = Int(d)
            guard index < count else {
                throw SPOError(file: path, line: lineNo, field: "index", "\(index) is outside the \(split.rawValue) split (\(count) examples)")
            }
            guard let response = node["response"]?.string else {
                throw SPOError(file: path, line: lineNo, field: "response", node["response"] == nil ? "missing" : "expected text")
            }
            if out[index] != nil { throw SPOError(file: path, line: lineNo, field: "index", "\(index) appears twice") }
            out[index] = response
        }
        if out.isEmpty { throw SPOError(file: path, "no responses in the file") }
        return out
    }
}
