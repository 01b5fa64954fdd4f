import ArgumentParser
import Foundation
import SPOCore
import SPOEngine

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "One table across methods and baselines, from sessions and unseen results.",
        discussion: """
            Rows are system prompts: each session's optimized prompt (named by its
            method) and the baselines; columns are tasks (source tasks' test scores,
            unseen tasks' scores) and the mean of each group, every score with its 95%
            interval and n. A session contributes its summary and, when `metaspo unseen`
            was run on it, the <run>.unseen.json beside it. Nothing is evaluated: run
            `metaspo unseen` first for baseline numbers on unseen tasks. See
            docs/comparisons.md.
            Examples:
              metaspo compare run-a.jsonl run-b.jsonl
              metaspo compare run-a.jsonl --out table.md
              metaspo compare run-a.jsonl given.unseen.json --json
            """)

    @Argument(help: ArgumentHelp("Session files (.jsonl), run summaries (.summary.json) or `unseen` results (.json).", valueName: "file"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Also write the Markdown table to this file.", valueName: "path"))
    var out: String?

    @Flag(help: "Print the table as one JSON document instead of Markdown.")
    var json = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("name at least one session (.jsonl), summary (.summary.json) or unseen result (.json)") }
    }

    func run() throws {
        var builder = ComparisonBuilder(baselines: try BaselinePrompts.load())
        for input in inputs {
            let path = TextFile.resolve(input, relativeTo: nil)
            try Self.add(path, to: &builder)
        }
        let table = builder.build()
        if table.rows.isEmpty {
            throw SPOError("no scores in \(inputs.joined(separator: ", ")): the runs have not finished and no unseen results were given")
        }
        if let out {
            let path = TextFile.resolve(out, relativeTo: nil)
            do {
                try table.markdown.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw SPOError(file: out, "cannot be written: \(error.localizedDescription)")
            }
            if !json { Console.stderr("wrote \(path)\n") }
        }
        print(json ? table.jsonText : table.markdown, terminator: json ? "\n" : "")
    }

    /// Reads one input by its kind: a session, an unseen result, or a run summary.
    static func add(_ path: String, to builder: inout ComparisonBuilder) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw SPOError(file: path, "file not found") }
        if path.hasSuffix(".jsonl") {
            let digest = try SessionDigest.read(path: path)
            Console.warn(digest.skippedLines)
            try builder.add(session: digest)
        } else if UnseenReport.isReport(path: path) {
            builder.add(unseenFile: path, report: try UnseenReport.read(path: path))
        } else if path.hasSuffix(".json") {
            let summary: RunSummary
            do {
                summary = try JSONDecoder().decode(RunSummary.self, from: Data(TextFile.read(path).utf8))
            } catch let e as SPOError {
                throw e
            } catch {
                throw SPOError(file: path, "neither a run summary (.summary.json) nor a `metaspo unseen` result: \(UnseenReport.describe(error))")
            }
            builder.add(summaryFile: path, summary: summary)
        } else {
            throw SPOError(file: path, "expected a session (.jsonl), a run summary (.summary.json) or an unseen result (.json)")
        }
    }
}
