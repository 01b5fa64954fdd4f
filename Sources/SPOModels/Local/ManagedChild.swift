import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
struct ChildExit: Sendable, Equatable, CustomStringConvertible {
    /// The exit code, when the child exited by itself.
    var code: Int32?
    /// The signal that ended it, when one did.
    var signal: Int32?

    var succeeded: Bool { code == 0 }

    var description: String {
        if let code { return "exit code \(code)" }
        if let signal { return "signal \(signal)" }
        return "unknown end"
    }

    init(waitStatus status: Int32) {
        // The WIFEXITED/WEXITSTATUS macros are not imported into Swift.
        let low = status & 0x7f
        if low == 0 {
            code = (status >> 8) & 0xff
            signal = nil
        } else {
            code = nil
            signal = low
        }
    }
}

/// A process started with posix_spawn, its output appended to a log file.
///
/// Each child gets its own thread that spawns it and then blocks in
/// `waitpid`. Spawning from that thread matters: the launcher asks for
/// PR_SET_PDEATHSIG, which fires when the *thread* that forked it exits, and a
/// thread of Swift's cooperative pool or Dispatch may be retired at any time.
/// This thread lives exactly as long as the child.
///
/// The child runs in its own process group, so a Ctrl-C at the terminal reaches
/// metaspo only, and metaspo decides how to stop its children.
final class ManagedChild: Sendable {
    let pid: pid_t
    let executable: String
    /// Write end of the child's stdin, when one was asked for. Closing it (or
    /// metaspo dying) gives the child EOF.
    private let stdinWriter: LockedState<Int32?>
    private let exitState: LockedState<ExitState>

    private struct ExitState {
        var exit: ChildExit?
        var waiters: [CheckedContinuation<ChildExit, Never>] = []
    }

    private init(pid: pid_t, executable: String, stdinWriter: Int32?, exitState: LockedState<ExitState>) {
        self.pid = pid
        self.executable = executable
        self.stdinWriter = LockedState(stdinWriter)
        self.exitState = exitState
    }

    deinit {
        if let fd = stdinWriter.withLock({ $0 }) { close(fd) }
    }

    enum StandardInput: Sendable {
        /// /dev/null: the child reads EOF at once.
        case null
        /// A pipe that metaspo holds open for the child's lifetime.
        case pipe
    }

    /// Starts `executable` (an absolute path) with `arguments`, stdout and
    /// stderr appended to `logFile`.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        logFile: URL,
        standardInput: StandardInput = .null
    ) throws -> ManagedChild {
        let logFD = open(logFile.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard logFD >= 0 else {
            throw LocalModelError("cannot open log file \(logFile.path): \(String(cString: strerror(errno)))")
        }
        var stdinRead: Int32 = -1
        var stdinWrite: Int32?
        if standardInput == .pipe {
            var fds: [Int32] = [-1, -1]
            // Created close-on-exec atomically (pipe2 is not imported, a
            // socketpair does the same job): the write end must not leak into
            // any other child, or that child would keep the launcher alive
            // after metaspo dies.
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
                close(logFD)
                throw LocalModelError("cannot create a pipe: \(String(cString: strerror(errno)))")
            }
            stdinRead = fds[0]
            stdinWrite = fds[1]
        }

        let request = SpawnRequest(
            executable: executable, arguments: arguments,
            environment: environment.map { "\($0.key)=\($0.value)" },
            logFD: logFD, stdinRead: stdinRead
        )
        let exitState = LockedState(ExitState())
        let started = DispatchSemaphore(value: 0)
        let outcome = LockedState<Result<pid_t, LocalModelError>?>(nil)

        let thread = Thread {
            let result = request.spawn()
            outcome.withLock { $0 = result }
            started.signal()
            guard case .success(let pid) = result else { return }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR {
                    status = 0x7f // unknown: report as a signal end
                    break
                }
            }
            let exit = ChildExit(waitStatus: status)
            let waiters = exitState.withLock { state -> [CheckedContinuation<ChildExit, Never>] in
                state.exit = exit
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: exit) }
        }
        thread.name = "metaspo-child"
        thread.stackSize = 256 * 1024
        thread.start()
        started.wait()

        // The child has its copies; the parent keeps only the stdin write end.
        close(logFD)
        if stdinRead >= 0 { close(stdinRead) }

        switch outcome.withLock({ $0 })! {
        case .success(let pid):
            return ManagedChild(pid: pid, executable: executable, stdinWriter: stdinWrite, exitState: exitState)
        case .failure(let error):
            if let stdinWrite { close(stdinWrite) }
            throw error
        }
    }

    /// The exit, if the child has ended.
    var exitIfEnded: ChildExit? { exitState.withLock { $0.exit } }

    var isRunning: Bool { exitIfEnded == nil }

    /// Waits for the child to end.
    func waitForExit() async -> ChildExit {
        await withCheckedContinuation { continuation in
            let ended = exitState.withLock { state -> ChildExit? in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Waits up to `seconds` for the child to end; nil on timeout.
    func waitForExit(seconds: Double) async -> ChildExit? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let exit = exitIfEnded { return exit }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return exitIfEnded
    }

    /// Sends `sig` to the child's whole process group (it leads its own).
    func signalGroup(_ sig: Int32) {
        guard isRunning else { return }
        if kill(-pid, sig) != 0 { _ = kill(pid, sig) }
    }

    /// Closes the stdin pipe, which tells a launcher to exit.
    func closeStandardInput() {
        if let fd = stdinWriter.withLock({ value -> Int32? in defer { value = nil }; return value }) {
            close(fd)
        }
    }

    /// SIGTERM, then SIGKILL when the child is still there after `grace` seconds.
    func terminate(grace: Double) async {
        closeStandardInput()
        signalGroup(SIGTERM)
        if await waitForExit(seconds: grace) == nil {
            signalGroup(SIGKILL)
            _ = await waitForExit()
        }
    }

    /// The blocking form of `terminate`, for exit paths that cannot await.
    func terminateSynchronously(grace: Double) {
        closeStandardInput()
        signalGroup(SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(20_000) }
        if isRunning {
            signalGroup(SIGKILL)
            let hardDeadline = Date().addingTimeInterval(2)
            while isRunning && Date() < hardDeadline { usleep(10_000) }
        }
    }
}

/// Everything the spawning thread needs, built before it starts.
private struct SpawnRequest: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String]
    var logFD: Int32
    var stdinRead: Int32

    func spawn() -> Result<pid_t, LocalModelError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdinRead >= 0 {
            posix_spawn_file_actions_adddup2(&actions, stdinRead, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, logFD, 1)
        posix_spawn_file_actions_adddup2(&actions, logFD, 2)
        Self.closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group; default dispositions and an empty mask, whatever
        // metaspo itself ignores or blocks (SIGPIPE, SIGINT under curses…).
        let flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            return .failure(LocalModelError("cannot start \(executable): \(String(cString: strerror(status)))"))
        }
        return .success(pid)
    }
}

extension SpawnRequest {
    /// Closes every descriptor from 3 up in the child, after the dup2s above.
    /// Only close-on-exec ones would go by themselves, and Foundation's `Pipe`
    /// is not: a launcher that inherits another process's pipe keeps its reader
    /// from ever seeing EOF, and a child that inherits the write end of a
    /// launcher's stdin keeps that launcher alive after metaspo is gone.
    fileprivate static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        #if canImport(Glibc)
        // glibc 2.34+ does it in one action; Swift does not see its declaration (_GNU_SOURCE).
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"),
            unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3) == 0
        {
            return
        }
        #endif
        // Otherwise close what is open now (a descriptor closed before the spawn is ignored).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}

/// A value behind a lock, for the little shared state of this layer.
final class LockedState<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
