import ArgumentParser
import Foundation
import SPOCore
import SPODashboard

struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List recorded runs.",
        discussion: """
            Examples:
              metaspo sessions list
              metaspo sessions list --sessions-dir ./runs --json
            """,
        subcommands: [SessionsList.self])
}

struct SessionsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show each session's method, tasks, state and best score.",
        discussion: """
            State is finished, stopped (resumable), or interrupted (the process died; resumable).
            Examples:
              metaspo sessions list
            """)

    @Option(name: .customLong("sessions-dir"), help: ArgumentHelp("Folder of sessions (default: $XDG_DATA_HOME/metaspo/sessions).", valueName: "dir"))
    var sessionsDir: String?
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var path: String
        var run: String
        var method: String
        var tasks: [String]
        var state: String
        var events: Int
        var bestSystem: String?
        var bestMeanTrain: Double?
        var seconds: Double
        var problem: String?
    }

    func run() throws {
        let dir = sessionsDir.map { TextFile.resolve($0, relativeTo: nil) } ?? ResourceLocator.dataDirectory() + "/sessions"
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory)
        // A mistyped --sessions-dir is not "no sessions"; the default folder appears with the first run.
        if sessionsDir != nil && !exists { throw SPOError(file: dir, "no such folder") }
        if exists && !isDirectory.boolValue { throw SPOError(file: dir, "not a folder (give the folder that holds the .jsonl sessions)") }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var rows: [Row] = []
        for f in files {
            let path = dir + "/" + f
            do {
                let s = try SessionReader.read(path: path, mode: .lenient)
                let state = RunModel(folding: s.events)
                let skipped = s.skipped.count + (s.truncatedTail == nil ? 0 : 1)
                let status = state.finished ? "finished" : state.stopped != nil ? "stopped" : "interrupted"
                var mean: Double?
                if let sys = state.currentSystem {
                    let scores = state.kept.compactMap { task, users in
                        users.first.flatMap { state.scores[.init(node: NodeRef(system: sys, user: $0, task: task), split: .train)]?.score }
                    }
                    if !scores.isEmpty { mean = scores.reduce(0, +) / Double(scores.count) }
                }
                rows.append(Row(
                    path: path, run: state.runID ?? f, method: state.method ?? "?", tasks: state.tasks.map(\.name), state: status,
                    events: s.eventCount, bestSystem: state.currentSystem, bestMeanTrain: mean, seconds: state.lastT,
                    problem: skipped > 0 ? "\(skipped) damaged line\(skipped == 1 ? "" : "s") skipped (metaspo replay FILE --headless names them)" : nil))
            } catch {
                rows.append(Row(path: path, run: f, method: "?", tasks: [], state: "unreadable", events: 0, bestSystem: nil, bestMeanTrain: nil, seconds: 0, problem: error.message))
            }
        }
        if json {
            try Console.printJSON(rows)
            return
        }
        guard !rows.isEmpty else {
            print("no sessions in \(dir)")
            return
        }
        // Two sessions with one run id (a copy, a rerun in the same second) are told apart by file.
        var idCount: [String: Int] = [:]
        for r in rows { idCount[r.run, default: 0] += 1 }
        print(Console.table(
            ["RUN", "METHOD", "STATE", "EVENTS", "BEST", "MEAN TRAIN", "TIME", "TASKS"],
            rows.map { r in
                [idCount[r.run, default: 0] > 1 ? "\(r.run) (\((r.path as NSString).lastPathComponent))" : r.run, r.method, r.state, String(r.events), r.bestSystem ?? "–", r.bestMeanTrain.map { ScoreSummary.fixed($0, 3) } ?? "–",
                 r.seconds.isFinite && abs(r.seconds) < 1e15 ? "\(Int(r.seconds.rounded()))s" : "–", r.problem ?? r.tasks.joined(separator: ",")]
            }))
        print("\nin \(dir)")
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a prompt from a session: the best system prompt, or any candidate by id.",
        discussion: """
            Examples:
              metaspo export run.jsonl --best > system-prompt.txt
              metaspo export run.jsonl --id U7
              metaspo export run.jsonl --best --blame   # each sentence after its writer
            """)

    @Argument(help: "The session file (.jsonl), or its run id from `metaspo sessions list`.") var session: String
    @Flag(help: "The current best system prompt (the default).") var best = false
    @Option(help: ArgumentHelp("A candidate id such as S3 or U7.", valueName: "id")) var id: String?
    @Flag(help: "Each sentence after the candidate that wrote it: id, iteration, analysis and its score change against its parent.") var blame = false

    func run() throws {
        let path = try SessionArgument.resolve(session)
        let s = try SessionReader.read(path: path, mode: .lenient)
        Console.warn(SessionArgument.damage(s, path: path))
        let state = RunModel(folding: s.events)
        let wanted = id ?? state.currentSystem
        guard let wanted, let c = state.candidates[wanted] else {
            let known = state.order.joined(separator: ", ")
            throw SPOError(file: session, "no candidate \(id ?? "(best)") in this session (candidates: \(known.isEmpty ? "none" : known))")
        }
        let out: String
        if blame {
            out = state.provenance(of: wanted)?.annotatedText ?? c.text
        } else {
            out = c.text
        }
        // Exact for a file or a pipe (`> prompt.txt`); inert on a terminal.
        print(isatty(1) != 0 ? TerminalText.inert(out) : out, terminator: blame ? "" : "\n")
    }
}
