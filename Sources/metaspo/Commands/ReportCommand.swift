import ArgumentParser
import Foundation
import SPOCore
import SPOReport

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report of one or more sessions.",
        discussion: """
            The page holds each run's configuration, score charts per task (inline SVG),
            the candidate tree with scores and marks, the best prompt, word diffs against
            the initial prompts, the failure analyses behind the kept prompts with their
            wrong examples, and the test scores against the starting prompts. Several
            sessions get a comparison section. JSON written by other commands (unseen,
            compare, analyze) can be added with --results. Nothing in the page is fetched
            from anywhere: no scripts, fonts or images.
            Examples:
              metaspo report sessions/quick-qwen1.5b.jsonl --out report.html
              metaspo report a.jsonl b.jsonl --results compare.json --out runs.html
            """)

    @Argument(help: "Session files (.jsonl), or run ids from `metaspo sessions list`.") var sessions: [String]
    @Option(help: "Where to write the HTML ('-' for stdout).") var out: String = "report.html"
    @Option(help: "A JSON results file to add as tables (repeatable).") var results: [String] = []
    @Option(help: "The page title.") var title: String?

    func validate() throws {
        if sessions.isEmpty { throw ValidationError("give at least one session file") }
    }

    func run() async throws {
        var loaded: [ReportSession] = []
        for given in sessions {
            let path = try SessionArgument.resolve(given)
            let file = try SessionReader.read(path: path, mode: .lenient)
            let notes = file.damage().map { d in d.line.map { "line \($0): \(d.text)" } ?? d.text }
            Console.warn(file.damageLines())
            loaded.append(ReportSession(
                name: (path as NSString).lastPathComponent, header: file.header, records: file.events,
                questions: ReplayCommand.questions(file), notes: notes))
        }
        var extra: [ResultsFile] = []
        for given in results {
            let path = TextFile.resolve(given, relativeTo: nil)
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw SPOError("cannot read results file \(path): \(error.localizedDescription)")
            }
            let value: JSONValue
            do {
                value = try JSONValue.parse(text)
            } catch {
                throw SPOError("\(path): not JSON: \(error)")
            }
            extra.append(ResultsFile(name: (path as NSString).lastPathComponent, value: value))
        }
        let html = Report(sessions: loaded, results: extra, title: title).html()
        if out == "-" {
            Console.stdout(html)
            return
        }
        var target = TextFile.resolve(out, relativeTo: nil)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
            // A folder: the report takes the first session's name inside it.
            let stem = ((loaded.first?.name ?? "report") as NSString).deletingPathExtension
            target = (target as NSString).appendingPathComponent(stem + ".html")
        }
        let parent = (target as NSString).deletingLastPathComponent
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            throw SPOError(file: out, "no folder \(parent) to write the report in (create it first)")
        }
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw SPOError("cannot write \(target): \(error.localizedDescription)")
        }
        let kb = (html.utf8.count + 512) / 1024
        Console.stderr("wrote \(target) (\(kb) KB, \(loaded.count) session\(loaded.count == 1 ? "" : "s"))\n")
    }
}
