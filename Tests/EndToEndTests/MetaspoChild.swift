import Foundation

/// The built `metaspo` binary run as a child process, its output going to files
/// (a killed child must not leave a reader blocked on a pipe).
///
/// Waiting never blocks a thread: the simulated endpoint serves from the same
/// process on Swift's small cooperative pool, which a blocked thread would starve.
final class MetaspoChild: @unchecked Sendable {
    struct Exit {
        var pid: Int32
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// The binary sits beside the test bundle in the build folder.
    static let binary: String = {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("metaspo").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "metaspo"
    }()

    let process = Process()
    private let exits: AsyncStream<(Int32, Bool)>
    private let outPath: String
    private let errPath: String

    /// Starts `metaspo args…` with `home` as its XDG data, config and (unless
    /// `env` says otherwise) cache home, so nothing of the user's is read or written.
    /// - Parameter standardError: where its stderr goes instead of a file (a pipe, say).
    init(_ args: [String], home: String, env: [String: String] = [:], label: String, standardError: FileHandle? = nil) throws {
        outPath = home + "/\(label).stdout"
        errPath = home + "/\(label).stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = home + "/data"
        environment["XDG_CONFIG_HOME"] = home + "/config"
        environment["XDG_CACHE_HOME"] = home + "/cache"
        // The simulator needs no key; a real one has no business going there.
        environment["OPENAI_API_KEY"] = nil
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = args
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = standardError ?? FileHandle(forWritingAtPath: errPath)
        let (stream, continuation) = AsyncStream<(Int32, Bool)>.makeStream()
        exits = stream
        // Set before `run()`, so an exit can never be missed.
        process.terminationHandler = { p in
            continuation.yield((p.terminationStatus, p.terminationReason == .uncaughtSignal))
            continuation.finish()
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Ctrl-C at a terminal.
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// Asks for a clean stop, as Ctrl-C or a service manager would.
    func terminate() {
        kill(process.processIdentifier, SIGTERM)
    }

    /// Waits for the exit, then reads what the child printed.
    func wait() async -> Exit {
        var status: (Int32, Bool) = (-1, false)
        for await s in exits {
            status = s
            break
        }
        return Exit(pid: pid, status: status.0, signalled: status.1, stdout: Self.read(outPath), stderr: Self.read(errPath))
    }

    /// Runs to the end.
    static func run(_ args: [String], home: String, env: [String: String] = [:], label: String) async throws -> Exit {
        try await MetaspoChild(args, home: home, env: env, label: label).wait()
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

/// A fresh folder for one test's files, removed at the end.
final class ScratchDir: @unchecked Sendable {
    let path: String

    init(_ label: String) {
        path = NSTemporaryDirectory() + "metaspo-e2e-\(label)-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// METASPO_E2E_KEEP=1 keeps the folder (sessions, outputs, caches) to look at.
    deinit {
        if ProcessInfo.processInfo.environment["METASPO_E2E_KEEP"] == "1" {
            print("kept \(path)")
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// A subfolder, created.
    func folder(_ name: String) -> String {
        let p = path + "/" + name
        try! FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }
}
