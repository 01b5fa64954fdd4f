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
}
