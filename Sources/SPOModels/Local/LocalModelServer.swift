public import Foundation
import SPOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A llama.cpp server on 127.0.0.1 serving one installed local model,
/// started and owned by this process.
///
/// The launcher runs in its own process group with its output in
/// `logs/server-NAME.log`. It ends on `stop()`, on `LocalServerRegistry.stopAll()`
/// (for exit paths and signal handlers), and by itself when this process dies
/// in any way, `kill -9` included: metaspo holds its stdin pipe and it also
/// asks for a parent-death signal.
public final class LocalModelServer: Sendable {
    public let model: LocalModelChoice
    /// OpenAI-compatible base URL, e.g. `http://127.0.0.1:41234/v1`.
    public let baseURL: String
    public let port: Int
    /// The GGUF's sha256: what the response cache keys this model by.
    public let modelIdentity: String
    /// The launcher's pid (it leads its own process group).
    public let processID: Int32
    public let logFile: URL
    /// Seconds from launching the launcher to a healthy server.
    public let startupSeconds: Double

    /// The name to send as `model` in requests.
    public var modelName: String { model.servedName }

    private let child: ManagedChild

    private init(model: LocalModelChoice, port: Int, modelIdentity: String, child: ManagedChild, logFile: URL, startupSeconds: Double) {
        self.model = model
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)/v1"
        self.modelIdentity = modelIdentity
        self.child = child
        self.processID = child.pid
        self.logFile = logFile
        self.startupSeconds = startupSeconds
    }

    deinit {
        // Dropped without stop(): end it rather than leave it to process exit.
        if child.isRunning {
            child.closeStandardInput()
            child.signalGroup(SIGTERM)
        }
        LocalServerRegistry.forget(child)
    }

    /// Installs the model if needed, launches the server on a free port and
    /// waits until `/health` reports ok.
    ///
    /// - Parameters:
    ///   - threads: CPU threads for llama.cpp; nil means all cores.
    ///   - parallel: request slots (continuous batching); each gets
    ///     `contextPerSlot` tokens of context.
    ///   - startupTimeout: seconds to wait for the model to load.
    ///   - progress: human lines (install steps, "starting…", "ready").
    public static func start(
        model: LocalModelChoice = .default,
        threads: Int? = nil,
        parallel: Int = 1,
        contextPerSlot: Int = 4096,
        draft: LocalDraft = .none,
        runtime: LocalServerRuntime = .auto,
        paths: LocalModelPaths = .standard(),
        startupTimeout: Double = 120,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> LocalModelServer {
        let installer = LocalModelInstaller(paths: paths, progress: progress)
        let installation = try await installer.install(model)
        let native: URL?
        switch runtime {
        case .wheel: native = nil
        case .auto: native = paths.nativeServer
        case .native:
            guard let built = paths.nativeServer else {
                throw LocalModelError("the native runtime is not built; run `metaspo setup --runtime native` (about 6 minutes on 2 cores)", logFile: nil)
            }
            native = built
        }
        var draftArguments: [String] = []
        switch draft {
        case .none: break
        case .ngram: draftArguments = ["--draft", "ngram"]
        case .qwen05b:
            let file = try await installer.install(.qwen05b).modelFile
            draftArguments = ["--draft", "model", "--draft-model", file.path]
        }
        let launcher = try installer.writeLauncher()
        let logFile = paths.serverLog(for: model)
        rotate(logFile)

        let readyFile = paths.scratchDirectory.appendingPathComponent("ready-\(getpid())-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: readyFile) }
        let threadCount = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let arguments = [
            "-u", launcher.path,
            "--model", installation.modelFile.path,
            "--alias", model.servedName,
            "--port", "0",
            "--ctx", "\(max(512, contextPerSlot))",
            "--parallel", "\(max(1, parallel))",
            "--threads", "\(threadCount)",
            "--ready-file", readyFile.path,
            "--parent-pid", "\(getpid())",
            "--watch-stdin",
        ] + draftArguments + (native.map { ["--native", $0.path] } ?? [])
        let runner = ChildRunner(logFile: logFile, environment: ChildRunner.childEnvironment())
        runner.note("start \(model.rawValue): \(installation.modelFile.path), \(threadCount) threads, \(parallel) slot(s), draft \(draft.rawValue), runtime \(native?.path ?? "xllamacpp")")
        progress("starting the \(model.rawValue) server (\(threadCount) threads\(native == nil ? "" : ", native llama-server"))…")

        let started = ContinuousClock.now
        let child = try ManagedChild.spawn(
            executable: installation.python.path, arguments: arguments,
            environment: runner.environment, logFile: logFile, standardInput: .pipe
        )
        LocalServerRegistry.remember(child)
        do {
            let port = try await waitUntilReady(
                child: child, readyFile: readyFile, logFile: logFile, runner: runner,
                deadline: started + .milliseconds(Int(startupTimeout * 1000))
            )
            let seconds = seconds(since: started)
            let server = LocalModelServer(
                model: model, port: port, modelIdentity: installation.sha256, child: child,
                logFile: logFile, startupSeconds: seconds
            )
            progress("\(model.rawValue) is serving at \(server.baseURL) (ready in \(String(format: "%.1f", seconds)) s)")
            return server
        } catch {
            await child.terminate(grace: 2)
            LocalServerRegistry.forget(child)
            throw error
        }
    }

    /// True while the launcher runs.
    public var isRunning: Bool { child.isRunning }

    /// Stops the server: EOF on its stdin and SIGTERM, SIGKILL after 5 s.
    /// Safe to call twice.
    public func stop() async {
        await stop(grace: 5)
    }

    /// Stops the server, waiting `grace` seconds before SIGKILL.
    public func stop(grace: Double) async {
        await child.terminate(grace: grace)
        LocalServerRegistry.forget(child)
    }

    // MARK: Startup

    private static func waitUntilReady(
        child: ManagedChild, readyFile: URL, logFile: URL, runner: ChildRunner, deadline: ContinuousClock.Instant
    ) async throws -> Int {
        let logStart = runner.logSize
        func failure(_ what: String) -> LocalModelError {
            let tail = runner.lastLines(8, since: logStart).map { "    \($0)" }.joined(separator: "\n")
            return LocalModelError("the local model server \(what)\(tail.isEmpty ? "" : "; last lines:\n\(tail)")", logFile: logFile.path)
        }
        // 1. The launcher writes the bound address once the model is loaded.
        var port: Int?
        while port == nil {
            try Task.checkCancellation()
            if let exit = child.exitIfEnded { throw failure("exited during startup (\(exit))") }
            if let data = try? Data(contentsOf: readyFile),
                let ready = try? JSONDecoder().decode(ReadyFile.self, from: data)
            {
                guard let found = URLComponents(string: ready.address)?.port else {
                    throw failure("reported an address without a port: \(ready.address)")
                }
                port = found
                break
            }
            if ContinuousClock.now >= deadline { throw failure("did not load the model in time") }
            try await Task.sleep(for: .milliseconds(100))
        }
        // 2. The server itself says it is healthy.
        while true {
            try Task.checkCancellation()
            if let exit = child.exitIfEnded { throw failure("exited during startup (\(exit))") }
            let answer = await EndpointProbe.get("http://127.0.0.1:\(port!)/health", timeoutSeconds: 2)
            if answer.ok, answer.body.contains("ok") { return port! }
            if ContinuousClock.now >= deadline {
                throw failure("did not report healthy on /health in time (last answer: \(answer.status.map(String.init) ?? answer.body))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private struct ReadyFile: Decodable {
        var address: String
        var pid: Int32
        var runtime: String?
    }

    /// Keeps one previous log, so a long-lived data folder stays small.
    private static func rotate(_ logFile: URL) {
        guard let size = LocalFiles.size(logFile), size > 8 << 20 else { return }
        let previous = logFile.appendingPathExtension("1")
        try? FileManager.default.removeItem(at: previous)
        try? FileManager.default.moveItem(at: logFile, to: previous)
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Every local server this process started, so that exit paths can stop them
/// without holding references: `stopAll()` from an atexit hook or a
/// signal subscriber (`SignalRelay`), or `installExitHandlers()` to do both.
public enum LocalServerRegistry {
    private static let children = LockedState<[Int32: ManagedChild]>([:])
    private static let installed = LockedState(false)

    static func remember(_ child: ManagedChild) {
        children.withLock { $0[child.pid] = child }
    }

    static func forget(_ child: ManagedChild) {
        children.withLock { _ = $0.removeValue(forKey: child.pid) }
    }

    /// Pids of the servers still running.
    public static var runningProcessIDs: [Int32] {
        children.withLock { Array($0.values.filter(\.isRunning).map(\.pid)).sorted() }
    }

    /// Stops every server this process started: EOF and SIGTERM to all at
    /// once, SIGKILL to any left after `grace` seconds. Blocks; safe to call
    /// from any thread, more than once.
    public static func stopAll(grace: Double = 3) {
        let all = children.withLock { dict -> [ManagedChild] in
            defer { dict.removeAll() }
            return Array(dict.values)
        }
        guard !all.isEmpty else { return }
        for child in all {
            child.closeStandardInput()
            child.signalGroup(SIGTERM)
        }
        let deadline = Date().addingTimeInterval(grace)
        while all.contains(where: \.isRunning), Date() < deadline { usleep(20_000) }
        for child in all where child.isRunning { child.signalGroup(SIGKILL) }
        let hardDeadline = Date().addingTimeInterval(2)
        while all.contains(where: \.isRunning), Date() < hardDeadline { usleep(10_000) }
    }

    /// For commands with no signal handling of their own: stops the servers
    /// at normal exit (atexit) and on SIGINT, SIGTERM and SIGHUP, then exits
    /// with 128 + the signal number. Call once, early; later calls do nothing.
    /// A command that handles these signals itself should call `stopAll()`
    /// from its own handler instead.
    public static func installExitHandlers() {
        let first = installed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = SignalRelay.shared.subscribe { sig in
            stopAll()
            exit(128 + sig)
        }
        atexit { LocalServerRegistry.stopAll() }
    }
}
