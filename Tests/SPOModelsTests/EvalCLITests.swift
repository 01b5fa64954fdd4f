import Dispatch
import Foundation
import SPOTestSupport
import Testing

/// `metaspo eval` and `metaspo cache` run as a user runs them, against a scripted endpoint.
@Suite struct EvalCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary beside the test bundle in the build folder.
    static let binary: String = {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("metaspo").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "metaspo"
    }()

    /// Runs the binary without blocking a concurrency thread (the scripted
    /// server's handlers need them).
    static func metaspo(_ args: [String], env: [String: String]) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { p in
                let o = out.fileHandleForReading.readDataToEndOfFile()
                let e = err.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self)))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func evalScoresThenServesTheRerunFromTheCache() async throws {
        // navigate is a yes/no task: "yes" is right on part of the examples.
        let server = try await ScriptedHTTPServer.start { _ in .chat("Thinking… <answer>Yes</answer>", promptTokens: 50, completionTokens: 7) }
        let env = ["XDG_CACHE_HOME": temporaryDirectory(), "OPENAI_API_KEY": ""]
        let args = ["eval", "--system", "You are careful.", "--task", "navigate", "--limit", "6", "--base-url", server.baseURL, "--model", "m"]

        let first = try await Self.metaspo(args + ["--json"], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        let report = try Self.json(first.stdout)
        let task = try #require((report["tasks"] as? [[String: Any]])?.first)
        #expect(task["task"] as? String == "navigate")
        #expect(task["n"] as? Int == 6)
        #expect(task["calls"] as? Int == 6)
        #expect(task["cacheHits"] as? Int == 0)
        #expect(task["promptTokens"] as? Int == 300)
        #expect((task["low"] as? Double ?? 2) <= (task["score"] as? Double ?? -1))
        #expect(server.requestCount == 6)
        #expect(server.requests.first?.messages.first?.content == "You are careful.")

        let again = try await Self.metaspo(args, env: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("navigate (test): accuracy "))
        #expect(again.stdout.contains("n=6"))
        #expect(again.stdout.contains("calls 0, tokens 0+0, cache hits 6"))
        #expect(again.stdout.contains("base model m: 0 calls"))
        #expect(server.requestCount == 6, "the rerun asked the endpoint nothing")

        let stats = try await Self.metaspo(["cache", "stats", "--json"], env: env)
        #expect(stats.status == 0)
        #expect(try Self.json(stats.stdout)["entries"] as? Int == 6)
        let cleared = try await Self.metaspo(["cache", "clear"], env: env)
        #expect(cleared.stdout.contains("removed 6 cached replies"))
        await server.stop()
    }

    @Test func evalReportsARejectedKeyWithoutShowingIt() async throws {
        let secret = "sk-cli-SECRET-4242424242"
        let server = try await ScriptedHTTPServer.start { _ in .error(401, message: "Invalid API key: \(secret)") }
        let run = try await Self.metaspo(
            ["eval", "--system", "S", "--task", "navigate", "--limit", "2", "--base-url", server.baseURL, "--model", "m", "--no-cache"],
            env: ["OPENAI_API_KEY": secret])
        await server.stop()
        #expect(run.status == 1)
        #expect(run.stderr.contains("answered 401"))
        #expect(run.stderr.contains("Invalid API key"))
        #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret))
    }

    @Test func evalNeedsATask() async throws {
        let run = try await Self.metaspo(["eval", "--system", "S", "--base-url", "http://127.0.0.1:9/v1", "--model", "m"], env: [:])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--task"))
    }

    @Test func evalReadsTheSystemPromptFromAFile() async throws {
        let dir = temporaryDirectory()
        try "From a file.\n".write(toFile: dir + "/p.txt", atomically: true, encoding: .utf8)
        let server = try await ScriptedHTTPServer.start { _ in .chat("<answer>no</answer>") }
        let run = try await Self.metaspo(
            ["eval", "--system", "@\(dir)/p.txt", "--task", "navigate", "--limit", "1", "--base-url", server.baseURL, "--model", "m", "--no-cache"],
            env: [:])
        await server.stop()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests.first?.messages.first?.content == "From a file.")
    }
}
