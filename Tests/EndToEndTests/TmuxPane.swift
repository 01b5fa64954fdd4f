import Foundation

/// A shell in a tmux pane of its own, for driving the real dashboard as a user
/// would: type into it, read its screen, resize it.
///
/// Each pane gets a private tmux server (`-L` socket) and a unique session
/// name, so tests never see each other's panes or a user's tmux; `close()`
/// kills the server. Waits poll the screen until a deadline instead of
/// sleeping a fixed time. tmux commands run without blocking a thread (the
/// simulated endpoint shares Swift's small cooperative pool).
final class TmuxPane: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket: String
    let name: String
    /// Where the shell's helper files go (`stty -g` before and after).
    let folder: String

    /// Starts `bash` (no rc files, a plain prompt) in a `width`x`height` pane,
    /// with `env` added to this process's environment.
    static func start(label: String, folder: String, width: Int = 100, height: Int = 30, env: [String: String] = [:]) async throws -> TmuxPane {
        let id = "\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        let pane = TmuxPane(socket: "metaspo-e2e-\(id)", name: "metaspo-\(id)", folder: folder)
        var environment = ProcessInfo.processInfo.environment
        // The pane is a new terminal: nothing of the test runner's should leak in.
        for key in ["TMUX", "TMUX_PANE", "COLUMNS", "LINES"] { environment[key] = nil }
        environment["PS1"] = "$ "
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        for (k, v) in env { environment[k] = v }
        // The tmux server is a fork of this client that never execs, so it keeps
        // every descriptor the client inherits, among them the socket Foundation's
        // `Process` watches for the child's exit: close them all first, or the
        // wait for `new-session` never ends (and the pane's shell would hold them too).
        let closeInherited = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#
        let status = try await Self.spawnPristine(
            ["bash", "-c", closeInherited, "bash", "tmux", "-L", pane.socket, "-f", "/dev/null",
             "new-session", "-d", "-s", pane.name, "-x", "\(width)", "-y", "\(height)",
             "env", "PS1=$ ", "bash", "--norc", "--noprofile"], environment: environment)
        guard status == 0 else { throw Failure(description: "tmux new-session failed (\(status))") }
        // No status line: the pane gets every row of the window.
        try await pane.tmux(["set-option", "-t", pane.name, "status", "off"])
        _ = try await pane.waitFor("the shell prompt", deadline: .seconds(30)) { $0.contains("$") }
        return pane
    }

    private init(socket: String, name: String, folder: String) {
        self.socket = socket
        self.name = name
        self.folder = folder
    }

    /// Whether tmux can run here; installs it with apt-get when it is missing
    /// and this runs as root (as CI does), like scripts/test.sh.
    static let available: Bool = {
        if runSync(["tmux", "-V"]) == 0 { return true }
        guard getuid() == 0, runSync(["apt-get", "--version"]) == 0 else { return false }
        if runSync(["apt-get", "install", "-y", "-qq", "tmux"]) != 0 {
            _ = runSync(["apt-get", "update", "-qq"])
            _ = runSync(["apt-get", "install", "-y", "-qq", "tmux"])
        }
        return runSync(["tmux", "-V"]) == 0
    }()

    /// The pane's text now, one line per row, trailing blanks trimmed.
    func capture() async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", name])
    }

    /// Polls the screen until `condition` holds; fails with the last screen after `deadline`.
    @discardableResult
    func waitFor(_ what: String, deadline: Duration = .seconds(60), _ condition: (String) -> Bool) async throws -> String {
        let end = ContinuousClock.now + deadline
        var screen = ""
        while true {
            screen = try await capture()
            if condition(screen) { return screen }
            if ContinuousClock.now >= end {
                throw Failure(description: "waited \(deadline) for \(what); the pane shows:\n\(screen)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(text: String, deadline: Duration = .seconds(60)) async throws -> String {
        try await waitFor("\"\(text)\"", deadline: deadline) { $0.contains(text) }
    }

    /// Types `line` into the shell and presses Enter.
    func run(_ line: String) async throws {
        try await tmux(["send-keys", "-t", name, "-l", line])
        try await tmux(["send-keys", "-t", name, "Enter"])
    }

    /// Sends keys by tmux name (`Down`, `Enter`, `Escape`, `C-c`) or as literal text.
    func press(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", name] + keys)
    }

    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", name, "-l", text])
    }

    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pane's size as tmux sees it.
    func size() async throws -> (width: Int, height: Int) {
        let out = try await tmux(["display-message", "-p", "-t", name, "#{pane_width} #{pane_height}"])
        let parts = out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard parts.count == 2 else { throw Failure(description: "tmux reported size \(out)") }
        return (parts[0], parts[1])
    }

    /// The pid of the program running in the pane's foreground (the shell when idle).
    func foregroundProcess() async throws -> Int32? {
        let tty = try await tmux(["display-message", "-p", "-t", name, "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let shell = try await tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        // The foreground process group of the pane's terminal, as ps reports it.
        let ps = try await Self.output(["ps", "-t", (tty as NSString).lastPathComponent, "-o", "pid=,tpgid=,comm="])
        for line in ps.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 3, let pid = Int32(f[0]), let tpgid = Int32(f[1]) else { continue }
            if pid == tpgid, String(f[0]) != shell { return pid }
        }
        return nil
    }

    /// Records `stty -g` of the pane's terminal as the shell sees it, in `folder/NAME`.
    func saveTerminalModes(as fileName: String) async throws -> String {
        let path = folder + "/" + fileName
        try? FileManager.default.removeItem(atPath: path)
        try await run("stty -g > '\(path)'")
        let end = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < end {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "stty -g wrote nothing to \(path); the pane shows:\n\(try await capture())")
    }

    /// Kills the tmux server and with it the shell and anything it still runs,
    /// and removes its socket file (tmux leaves it behind).
    func close() async {
        let socketPath = (try? await tmux(["display-message", "-p", "#{socket_path}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? await tmux(["kill-server"])
        if let socketPath, !socketPath.isEmpty, (socketPath as NSString).lastPathComponent == socket {
            try? FileManager.default.removeItem(atPath: socketPath)
        }
    }

    // MARK: running tmux

    @discardableResult
    private func tmux(_ args: [String], environment: [String: String]? = nil) async throws -> String {
        try await Self.output(["tmux", "-L", socket] + args, environment: environment)
    }

    /// Runs a command to its end and returns its stdout; throws on a failure exit.
    static func output(_ argv: [String], environment: [String: String]? = nil) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        // Small outputs: a screen at most, which the pipe buffers whole.
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else {
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "\(argv.joined(separator: " ")) failed (\(status)): \(message)")
        }
        return text
    }

    /// Runs `argv` (looked up in PATH) to its end, as a terminal would start it:
    /// no signal blocked and every signal's action the default. A child of this
    /// process would otherwise inherit the mask of whichever thread spawned it,
    /// and Dispatch's threads block nearly every signal: a tmux server started
    /// so never ends on `kill-server`, and its shell passes the mask on.
    /// Output goes to /dev/null. Waits on a thread of its own.
    static func spawnPristine(_ argv: [String], environment: [String: String]) async throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let args = argv.map { strdup($0) } + [nil]
        let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in args { free(p) }
            for p in env { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, args, env)
        guard rc == 0 else { throw Failure(description: "cannot start \(argv[0]): errno \(rc)") }
        let child = pid
        return await withCheckedContinuation { continuation in
            let waiter = Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 {
                    if errno != EINTR {
                        // Reaped by someone else (Foundation's own SIGCHLD handling): unknown, say 0.
                        continuation.resume(returning: 0)
                        return
                    }
                }
                // WIFEXITED and WEXITSTATUS, which Swift does not import.
                continuation.resume(returning: status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
            }
            waiter.start()
        }
    }

    private static func runSync(_ argv: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
