import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

extension EndToEndRunTests {
    /// A recognizable fake API key, given by environment variable or by key
    /// file, against an endpoint whose error replies quote it back: after a run
    /// (stopped, resumed, with endpoint errors), a second run, and the commands
    /// that read sessions and the cache, no file under the run's folders and
    /// nothing printed (human lines, `--events`, `--json`) holds the key.
    @Suite struct Secrets {
        enum Source: String, CaseIterable, Sendable { case environment, file }

        @Test(arguments: Source.allCases)
        func theKeyReachesNoFileAndNoOutput(_ source: Source) async throws {
            let scratch = ScratchDir("secrets-\(source.rawValue)")
            // Letters and digits only, so no JSON or shell escaping can hide it from the scan.
            let key = "sk-metaspoFAKEKEY" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            var env = ["XDG_CACHE_HOME": scratch.folder("cache")]
            // Outside the scanned folder: the one place the key belongs.
            let keyFile = NSTemporaryDirectory() + "metaspo-key-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let keyArgs: [String]
            switch source {
            case .environment:
                env["METASPO_TEST_SECRET"] = key
                keyArgs = ["--api-key-env", "METASPO_TEST_SECRET"]
            case .file:
                _ = FileManager.default.createFile(atPath: keyFile, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
                keyArgs = ["--api-key-file", keyFile]
            }
            let sim = try await SimulatedEndpoint.start(
                builtin: RunFixture.allTasks, settings: .init(malformedOptimizerShare: 0.15),
                options: .init(baseLatency: 0.002, optimizerLatency: 0.005, echoCredentialsInErrors: true))
            do {
                try await check(sim, key: key, keyArgs: keyArgs, env: env, scratch: scratch, source: source)
                await sim.stop()
            } catch {
                await sim.stop()
                throw error
            }
        }

        func check(_ sim: SimulatedEndpoint, key: String, keyArgs: [String], env: [String: String], scratch: ScratchDir, source: Source) async throws {
            let sessions = scratch.folder("sessions")
            var outputs: [String] = []
            func run(_ args: [String], _ label: String) async throws -> MetaspoChild.Exit {
                let exit = try await MetaspoChild.run(args, home: scratch.path, env: env, label: label)
                outputs.append(exit.stdout + exit.stderr)
                return exit
            }

            // 1. A run that meets endpoint errors quoting the key, stopped part-way.
            sim.injectFault(.status(500), count: 3, target: .any)
            sim.injectFault(.status(429, retryAfter: "0"), count: 3, target: .base)
            let first = try MetaspoChild(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions) + keyArgs, home: scratch.path, env: env, label: "first")
            var session: String?
            while child(first, hasWritten: 150, in: sessions, path: &session) { try await Task.sleep(for: .milliseconds(5)) }
            first.terminate()
            let stopped = await first.wait()
            outputs.append(stopped.stdout + stopped.stderr)
            try #require(stopped.status == 3, "stop: \(RunFixture.describe(stopped))")
            let path = try #require(session)
            // 2. Resumed with the event stream on stdout.
            sim.injectFault(.status(503), count: 2, target: .any)
            let resumed = try await run(RunFixture.resumeArgs(session: path, baseURL: sim.baseURL) + keyArgs + ["--events"], "resume")
            try #require(resumed.status == 0, "resume: \(RunFixture.describe(resumed))")
            // 3. A second run with the final JSON document.
            let second = try await run(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions) + keyArgs + ["--json"], "second")
            try #require(second.status == 0, "second run: \(RunFixture.describe(second))")
            // 4. What reads sessions and the cache.
            for (args, label) in [
                (["export", path, "--best"], "export"), (["sessions", "list", "--sessions-dir", sessions, "--json"], "list"),
                (["replay", path, "--headless"], "replay"), (["replay", path, "--json"], "replay-json"), (["cache", "stats", "--json"], "cache"),
                (["eval", "--system", "Be careful.", "--task", "navigate", "--limit", "3", "--base-url", sim.baseURL, "--model", "sim"] + keyArgs, "eval"),
            ] {
                let exit = try await run(args, label)
                #expect(exit.status == 0, "\(label): \(RunFixture.describe(exit))")
            }

            // The key was in use: the endpoint saw it, and its errors quoted it.
            #expect(sim.credentialsSeen.contains("Bearer \(key)"), "the endpoint never saw the key: \(sim.credentialsSeen.map { String($0.prefix(12)) })")
            #expect(sim.counts.faulted >= 8)
            let warned = outputs.joined().contains("simulated fault 500 for credentials")
            #expect(warned, "no output tells of the errors that quoted the key")

            // Nothing anywhere: every file under the run's folders (data, config,
            // cache with its WAL, sessions, summaries, exports, the captured output).
            var scanned = 0
            let needle = Array(key.utf8)
            for file in Self.files(under: scratch.path) {
                let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
                scanned += 1
                #expect(!Self.contains(bytes, needle), "\(source): the key is in \(file)")
            }
            for (i, text) in outputs.enumerated() { #expect(!text.contains(key), "\(source): output \(i) prints the key") }
            #expect(scanned >= 10, "only \(scanned) files were scanned")
            print("e2e secrets (\(source)): scanned \(scanned) files and \(outputs.count) outputs; \(sim.counts.faulted) endpoint errors quoting the key")
        }

        /// Polls until the child wrote `events` events (or ended); false to stop polling.
        func child(_ c: MetaspoChild, hasWritten events: Int, in sessions: String, path: inout String?) -> Bool {
            guard c.process.isRunning else { return false }
            if path == nil { path = RunFixture.sessionFile(in: sessions) }
            return path.map { RunFixture.completeEventLines($0) < events } ?? true
        }

        static func files(under root: String) -> [String] {
            let it = FileManager.default.enumerator(atPath: root)
            var out: [String] = []
            while let rel = it?.nextObject() as? String {
                var isDir: ObjCBool = false
                let p = root + "/" + rel
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
            }
            return out
        }

        static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard haystack.count >= needle.count, let first = needle.first else { return false }
            var i = 0
            while i <= haystack.count - needle.count {
                if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
                i += 1
            }
            return false
        }
    }
}
