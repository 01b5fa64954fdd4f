import Foundation
import Testing

/// Sessions are files anyone can hand over: damaged or made up, they must not
/// crash the commands that read them.
struct HostileSessionTests {
    static let header = #"{"format":"metaspo-session","version":1,"created":"2026-11-27T09:12:03Z","config":{}}"#

    static func session(t: String) -> String {
        [
            header,
            #"{"seq":1,"t":0.5,"type":"run_started","run":"r1","method":"metaspo","config":{},"tasks":[{"name":"navigate","role":"source","train":4,"test":4}]}"#,
            #"{"seq":2,"t":\#(t),"type":"phase_started","iteration":0,"phase":"init"}"#,
        ].joined(separator: "\n") + "\n"
    }

    /// Found by fuzzing: a `t` past what an Int holds trapped `sessions list`
    /// (and the dashboard's clock); infinity is now refused by the reader.
    @Test(arguments: ["1e300", "1e400", "-1e300", "9.3e18"])
    func hugeTimesNeitherCrashListingNorReplay(_ t: String) throws {
        let dir = Scratch()
        let path = dir.write("s.jsonl", Self.session(t: t))
        let list = try CLIRunner.run(["sessions", "list", "--sessions-dir", dir.path])
        #expect(list.status == 0, "sessions list: \(list.stderr.prefix(300))")
        #expect(list.stdout.contains("r1") || list.stdout.contains("unreadable"))
        let json = try CLIRunner.run(["sessions", "list", "--sessions-dir", dir.path, "--json"])
        #expect(json.status == 0, "sessions list --json: \(json.stderr.prefix(300))")
        let replay = try CLIRunner.run(["replay", path, "--headless"])
        #expect(replay.status == 0 || replay.stderr.contains("number out of range"), "replay: \(replay.stderr.prefix(300))")
        #expect(!replay.stderr.contains("Fatal error"))
    }

    /// Escape sequences everywhere text goes: run id, task name, prompts, an
    /// analysis, a rejected reply's reason, warnings, an error, the stop reason.
    static let esc = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{7F}\r"
    static var hostile: String {
        let e = jsonEscaped(esc)
        return [
            header,
            #"{"seq":1,"t":0.5,"type":"run_started","run":"r\#(e)","method":"metaspo","config":{},"tasks":[{"name":"nav\#(e)","role":"source","train":4,"test":4}]}"#,
            #"{"seq":2,"t":0.6,"type":"candidate_created","id":"S1","kind":"system","parent":null,"task":null,"origin":"initial","text":"You are \#(e) helpful."}"#,
            #"{"seq":3,"t":0.7,"type":"candidate_created","id":"U1","kind":"user","parent":null,"task":"nav\#(e)","origin":"initial","text":"Q \#(e) <Question>{question}</Question>"}"#,
            #"{"seq":4,"t":0.8,"type":"candidate_rejected","reason":"reply \#(e)","attempt":1}"#,
            #"{"seq":5,"t":0.9,"type":"warning","message":"server said \#(e)"}"#,
            #"{"seq":6,"t":1.0,"type":"error","message":"boom \#(e)"}"#,
            #"{"seq":7,"t":1.1,"type":"stopped","reason":"error: \#(e)","resumable":true}"#,
        ].joined(separator: "\n") + "\n"
    }

    /// The inside of a JSON string holding `text`.
    static func jsonEscaped(_ text: String) -> String {
        text.unicodeScalars.map { s in
            switch s {
            case "\"": "\\\""
            case "\\": "\\\\"
            case _ where s.value < 0x20: String(format: "\\u%04x", s.value)
            default: String(s)
            }
        }.joined()
    }

    static func expectInert(_ text: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || ($0.value >= 0x7F && $0.value <= 0x9F) }
        #expect(bad.isEmpty, "\(label) printed raw controls: \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func escapeSequencesInASessionNeverReachTheTerminalRaw() throws {
        let dir = Scratch()
        let path = dir.write("hostile.jsonl", Self.hostile)
        for args in [
            ["replay", path, "--headless"], ["replay", path, "--json"], ["sessions", "list", "--sessions-dir", dir.path],
            ["sessions", "list", "--sessions-dir", dir.path, "--json"], ["export", path, "--id", "U9"],
        ] {
            let r = try CLIRunner.run(args)
            Self.expectInert(r.stdout, args.prefix(2).joined(separator: " ") + " stdout")
            Self.expectInert(r.stderr, args.prefix(2).joined(separator: " ") + " stderr")
        }
        let replay = try CLIRunner.run(["replay", path, "--headless"])
        #expect(replay.stdout.contains("server said ␛]0;owned␇␛[2J"), "\(replay.stdout)")
        // To a file or a pipe, export gives the prompt exactly as it was written.
        let export = try CLIRunner.run(["export", path, "--id", "S1"])
        #expect(export.stdout == "You are \(Self.esc) helpful.\n")
    }

    @Test func escapeSequencesInADataFileNeverReachTheTerminalRaw() throws {
        let dir = Scratch()
        let e = Self.jsonEscaped(Self.esc)
        let data = dir.write("hostile.jsonl", (1...4).map { #"{"question":"Q\#($0) \#(e)","answer":"A\#(e)"}"# }.joined(separator: "\n"))
        for args in [["tasks", "show", data], ["tasks", "show", data, "--json"], ["tasks", "list", "--task-file", data]] {
            let r = try CLIRunner.run(args)
            Self.expectInert(r.stdout, args.joined(separator: " ") + " stdout")
            Self.expectInert(r.stderr, args.joined(separator: " ") + " stderr")
        }
    }

    /// Issue 19, defect 13: every command that reads a damaged session leniently
    /// says which lines it skipped; resume, which cannot skip, says what can be done.
    @Test func damagedLinesAreNamedByEveryReader() throws {
        let dir = Scratch()
        var lines = try String(contentsOfFile: ReportCLITests.shipped, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[29] = #"{"seq":garbage"#
        let path = dir.write("run.jsonl", lines.joined(separator: "\n"))
        let named = ":30: skipped: invalid JSON at column 8"
        let export = try CLIRunner.run(["export", path, "--best"])
        #expect(export.status == 0 && export.stderr.contains(named), "\(export.stderr)")
        let list = try CLIRunner.run(["sessions", "list", "--sessions-dir", dir.path])
        #expect(list.stdout.contains("1 damaged line skipped"), "\(list.stdout)")
        let compare = try CLIRunner.run(["compare", path])
        #expect(compare.stderr.contains(named), "\(compare.stderr)")
        let report = try CLIRunner.run(["report", path, "--out", dir.path + "/r.html"])
        #expect(report.stderr.contains(named), "\(report.stderr)")
        let resume = try CLIRunner.run(["resume", path, "--headless"])
        #expect(resume.status != 0 && resume.stderr.contains("resume needs every line intact"), "\(resume.stderr)")
    }
}
