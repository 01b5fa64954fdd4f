import Foundation
import SPOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs short-lived helper commands (python, pip, sha256sum) for the
/// installer: output goes to a log file, never the terminal, and is tailed so
/// that pip's lines can become progress; Task cancellation ends the child.
struct ChildRunner: Sendable {
    var logFile: URL
    var environment: [String: String]

    /// The environment children get: ours, minus variables that would point
    /// a venv's Python elsewhere, plus quiet, non-interactive pip.
    static func childEnvironment(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var env = base
        for key in ["PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV", "PIP_USER", "PIP_TARGET", "PIP_PREFIX"] {
            env[key] = nil
        }
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        env["PIP_NO_INPUT"] = "1"
        env["PIP_ROOT_USER_ACTION"] = "ignore"
        env["PIP_PROGRESS_BAR"] = "off"
        return env
    }

    /// Runs to the end, feeding each output line to `onLine`; returns how it
    /// ended. Cancelling the task sends SIGTERM (then SIGKILL) and throws
    /// `CancellationError`.
    func run(
        _ executable: String, _ arguments: [String],
        extraEnvironment: [String: String] = [:],
        onLine: @Sendable (String) -> Void = { _ in }
    ) async throws -> ChildExit {
        try Task.checkCancellation()
        let startOffset = (try? FileManager.default.attributesOfItem(atPath: logFile.path)[.size] as? NSNumber)?.int64Value ?? 0
        let child = try ManagedChild.spawn(
            executable: executable, arguments: arguments,
            environment: environment.merging(extraEnvironment) { $1 },
            logFile: logFile
        )
        return try await withTaskCancellationHandler {
            var tail = LogTail(file: logFile, offset: startOffset)
            while true {
                let ended = child.exitIfEnded
                for line in tail.readLines(final: ended != nil) { onLine(line) }
                if let ended {
                    if Task.isCancelled { throw CancellationError() }
                    return ended
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        } onCancel: {
            child.signalGroup(SIGTERM)
            Task.detached {
                if await child.waitForExit(seconds: 3) == nil { child.signalGroup(SIGKILL) }
            }
        }
    }

    /// Runs and returns what the child printed (stdout and stderr together),
    /// which is also appended to the log.
    func capture(_ executable: String, _ arguments: [String], extraEnvironment: [String: String] = [:]) async throws -> (exit: ChildExit, output: String) {
        let lines = LockedState<[String]>([])
        let exit = try await run(executable, arguments, extraEnvironment: extraEnvironment) { line in
            lines.withLock { $0.append(line) }
        }
        return (exit, lines.withLock { $0.joined(separator: "\n") })
    }

    /// Writes a line of our own into the log, so a reader sees which step
    /// produced which output.
    func note(_ text: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        appendToLog("[metaspo \(stamp)] \(text)\n")
    }

    private func appendToLog(_ text: String) {
        let fd = open(logFile.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The last `count` non-empty lines of the log written since `offset`, for
    /// error messages.
    func lastLines(_ count: Int, since offset: Int64 = 0) -> [String] {
        var tail = LogTail(file: logFile, offset: offset)
        let lines = tail.readLines(final: true).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return Array(lines.suffix(count))
    }

    var logSize: Int64 {
        (try? FileManager.default.attributesOfItem(atPath: logFile.path)[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// Reads what was appended to a file since the last call, as whole lines
/// (pip's carriage-return updates count as line ends).
struct LogTail {
    let file: URL
    var offset: Int64
    private var partial: [UInt8] = []

    init(file: URL, offset: Int64) {
        self.file = file
        self.offset = offset
    }

    mutating func readLines(final: Bool) -> [String] {
        var lines: [String] = []
        if let handle = try? FileHandle(forReadingFrom: file) {
            defer { try? handle.close() }
            if (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd(), !data.isEmpty {
                offset += Int64(data.count)
                for byte in data {
                    if byte == 0x0a || byte == 0x0d {
                        if !partial.isEmpty { lines.append(String(decoding: partial, as: UTF8.self)) }
                        partial.removeAll(keepingCapacity: true)
                    } else {
                        partial.append(byte)
                    }
                }
            }
        }
        if final, !partial.isEmpty {
            lines.append(String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }
        return lines
    }
}

/// File helpers of the local model layer.
enum LocalFiles {
    static func size(_ url: URL) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value
    }

    /// Finds an executable on PATH, like the shell does.
    static func findOnPath(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// The sha256 of a file as lowercase hex: coreutils' `sha256sum` when there is
    /// one (fast even in a debug build of metaspo), otherwise our own SHA-256.
    static func sha256(_ file: URL, runner: ChildRunner) async throws -> String {
        if let tool = findOnPath("sha256sum") {
            let (exit, output) = try await runner.capture(tool, [file.path])
            let lastLine = output.split(separator: "\n").last ?? ""
            if exit.succeeded, let digest = lastLine.split(separator: " ").first, digest.count == 64 {
                return digest.lowercased()
            }
        }
        try Task.checkCancellation()
        return try SHA256.hexOfFile(atPath: file.path)
    }
}
