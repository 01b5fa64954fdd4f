import Foundation
import Testing

/// `metaspo report` run as a user runs it: the same page from two processes
/// (dictionary order differs between processes), questions found again from
/// the built-in tasks, results files, and clear errors.
@Suite(.serialized) struct ReportCLITests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sessions/quick-qwen1.5b.jsonl").path

    @Test func twoProcessesWriteTheSameBytes() throws {
        let dir = Scratch()
        let a = dir.path + "/a.html", b = dir.path + "/b.html"
        let r1 = try CLIRunner.run(["report", Self.shipped, "--out", a])
        let r2 = try CLIRunner.run(["report", Self.shipped, "--out", b])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr) \(r2.stderr)")
        #expect(r1.stderr.contains("wrote \(a)"))
        let x = try Data(contentsOf: URL(fileURLWithPath: a)), y = try Data(contentsOf: URL(fileURLWithPath: b))
        #expect(x == y)
        let html = String(decoding: x, as: UTF8.self)
        // The built-in tasks' train questions are found again for the wrong examples.
        #expect(html.contains("How many vehicles do I have?"))
        for bad in ["http://", "https://", "src=", "<script"] { #expect(!html.contains(bad), "found \(bad)") }
    }

    @Test func stdoutAndResultsFiles() throws {
        let dir = Scratch()
        let results = dir.write("compare.json", #"{"columns":[{"task":"navigate","role":"unseen"}],"rows":[{"label":"metaspo","kind":"method","cells":[{"estimate":{"score":0.4,"low":0.17,"high":0.69,"n":10},"from":"x"}],"means":{"unseen":{"score":0.4,"low":0.17,"high":0.69,"n":10}},"incompleteMeans":[]}],"inputs":["a.jsonl"],"notes":[]}"#)
        let r = try CLIRunner.run(["report", Self.shipped, "--results", results, "--out", "-", "--title", "Two <b>runs</b>"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(r.stdout.contains("<title>Two &lt;b&gt;runs&lt;/b&gt;</title>"))
        #expect(r.stdout.contains("<th>navigate (unseen)</th>"))
        #expect(r.stdout.contains("<span class=\"pct\">40.0%</span> <span class=\"ci\">17.0–69.0 · n=10</span>"))
    }

    @Test func badInputsSayWhatIsWrong() throws {
        let dir = Scratch()
        let missing = try CLIRunner.run(["report", dir.path + "/nope.jsonl", "--out", dir.path + "/r.html"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.jsonl"))
        let notJSON = dir.write("bad.json", "{not json")
        let bad = try CLIRunner.run(["report", Self.shipped, "--results", notJSON, "--out", dir.path + "/r.html"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.json: not JSON"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/r.html"))
    }

    /// Issue 19, defect 13: `--out` naming a folder, or a file in a missing folder.
    @Test func outIntoAFolderOrAMissingOne() throws {
        let dir = Scratch()
        let r = try CLIRunner.run(["report", Self.shipped, "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/quick-qwen1.5b.html"))
        let missing = try CLIRunner.run(["report", Self.shipped, "--out", dir.path + "/nope/r.html"])
        #expect(missing.status != 0 && missing.stderr.contains("no folder \(dir.path)/nope to write the report in"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("NSCocoaErrorDomain"))
    }
}
