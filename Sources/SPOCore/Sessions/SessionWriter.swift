public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends a run's events to its session file, one whole line per event.
///
/// Durability: every line is handed to the kernel with a single `write(2)` as
/// soon as it is appended, so a killed process (even `kill -9`) loses nothing.
/// `fsync` protects against power loss and OS crashes; it costs milliseconds,
/// so it runs at most every `syncInterval` seconds, plus right after the events
/// that a resume must never lose (see `Policy.syncTypes`) and on `close()`.
///
/// Failures: a failed write throws an error naming the file and the OS error,
/// and the file is cut back to its last complete line, so the next append
/// starts on a clean line. If even the cut fails, the next line is written
/// after a newline; the reader then sees one malformed line (an error in
/// strict mode, skipped in lenient mode) instead of two lines glued together.
/// The `seq` of a failed event is not used up: retrying gets the same number.
///
/// Thread-safe: one lock orders appends, so `seq` follows file order.
public final class SessionWriter: @unchecked Sendable {
    public struct Policy: Sendable {
        /// Longest time an appended line may wait for an fsync.
        public var syncInterval: Double
        /// Event types synced at once.
        public var syncTypes: Set<String>

        public init(syncInterval: Double = 0.5, syncTypes: Set<String> = Policy.defaultSyncTypes) {
            self.syncInterval = syncInterval
            self.syncTypes = syncTypes
        }

        public static let defaultSyncTypes: Set<String> = Set(EventType.allCases.filter(\.syncsAtOnce).map(\.rawValue))
    }

    /// Seconds from a monotonic clock; injectable so tests control `t`.
    public typealias Clock = @Sendable () -> Double

    /// Set once by `create`, before the writer is handed out.
    public internal(set) var path: String
    private let sink: any SessionSink
    private let policy: Policy
    private let clock: Clock
    private let scrub: [(raw: String, escaped: String)]
    private let lock = NSLock()

    // Guarded by `lock`.
    private var seq: Int
    private var lastT: Double
    private let timeOffset: Double
    private let startedAt: Double
    private var lastSync: Double
    private var committedLength: Int
    private var needsLeadingNewline = false
    private var closed = false

    /// Starts writing to `sink`. With a header (a new session) it is written first.
    /// - Parameters:
    ///   - nextSeq: the `seq` of the first event (1, or last seq + 1 on resume).
    ///   - timeOffset: added to every `t` (the last `t` of the session on resume).
    ///   - scrub: secret values (API keys in use) that must never reach the file;
    ///     any line holding one gets it replaced by `[redacted]`.
    public init(
        path: String, sink: any SessionSink, header: SessionHeader?, nextSeq: Int = 1, timeOffset: Double = 0,
        policy: Policy = Policy(), clock: @escaping Clock = SessionWriter.monotonicClock(), scrub: [String] = []
    ) throws(SPOError) {
        self.path = path
        self.sink = sink
        self.policy = policy
        self.clock = clock
        self.scrub = scrub.filter { !$0.isEmpty }.map { secret in
            var escaped: [UInt8] = []
            JSONText.appendString(secret, to: &escaped)
            return (secret, String(decoding: escaped.dropFirst().dropLast(), as: UTF8.self))
        }
        self.seq = nextSeq
        self.timeOffset = timeOffset
        self.lastT = timeOffset
        let now = clock()
        self.startedAt = now
        self.lastSync = now
        if let header {
            committedLength = 0
            var header = header
            header.config = header.config.redacted()
            var line = Array(header.jsonValue.compactText.utf8)
            line.append(0x0A)
            line = applyScrub(line)
            try writeWhole(line, syncNow: true)
        } else {
            do {
                committedLength = try sink.size()
            } catch {
                throw Self.ioError(path, error)
            }
        }
    }

    /// Creates `<directory>/<runID>.jsonl` (with `-2`, `-3`… added if that name
    /// is taken) and writes the header with the config's secrets removed.
    public static func create(
        directory: String, runID: String, config: JSONValue, taskDigests: [String: String] = [:], created: Date = Date(), policy: Policy = Policy(),
        clock: @escaping Clock = SessionWriter.monotonicClock(), scrub: [String] = []
    ) throws(SPOError) -> SessionWriter {
        try checkRunID(runID)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SPOError("cannot create the sessions folder \(directory): \(error.localizedDescription)")
        }
        let header = SessionHeader(created: isoTimestamp(created), config: config, taskDigests: taskDigests)
        // The header is written to a hidden file that then takes its name, so no
        // reader (`sessions list`, a replay of a live run) ever sees a session
        // without its header, and a kill in between leaves no empty session.
        let temp = (directory as NSString).appendingPathComponent(".\(runID).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).jsonl.new")
        let sink: FileSink
        do {
            sink = try FileSink(path: temp, mode: .createNew)
        } catch {
            throw ioError(temp, error)
        }
        func name(_ attempt: Int) -> String {
            (directory as NSString).appendingPathComponent((attempt == 1 ? runID : "\(runID)-\(attempt)") + ".jsonl")
        }
        let writer: SessionWriter
        do {
            let target = try FailingSink.wrap(sink, environment: ProcessInfo.processInfo.environment)
            writer = try SessionWriter(path: name(1), sink: target, header: header, policy: policy, clock: clock, scrub: scrub)
        } catch {
            try? sink.close()
            unlink(temp)
            throw error
        }
        defer { unlink(temp) }
        for attempt in 1...1000 {
            let path = name(attempt)
            // link(2) never replaces a file: a taken name fails with EEXIST.
            if link(temp, path) == 0 {
                writer.path = path
                return writer
            }
            let code = errno
            if code == EEXIST { continue }
            // File systems without hard links: rename, after checking the name is free.
            if access(path, F_OK) != 0, rename(temp, path) == 0 {
                writer.path = path
                return writer
            }
            try? writer.close()
            throw ioError(path, SessionIOError(operation: "create", code: code))
        }
        try? writer.close()
        throw SPOError("cannot create a session file in \(directory): names \(runID).jsonl to \(runID)-1000.jsonl are taken")
    }

    /// Opens an existing session to append to it. The file must end at a line
    /// boundary (use `SessionReader.truncateToLastCompleteLine` first, or `resume`).
    public static func reopen(
        path: String, nextSeq: Int, timeOffset: Double, policy: Policy = Policy(),
        clock: @escaping Clock = SessionWriter.monotonicClock(), scrub: [String] = []
    ) throws(SPOError) -> SessionWriter {
        let sink: FileSink
        do {
            sink = try FileSink(path: path, mode: .append)
        } catch {
            throw ioError(path, error)
        }
        let target = try FailingSink.wrap(sink, environment: ProcessInfo.processInfo.environment)
        return try SessionWriter(path: path, sink: target, header: nil, nextSeq: nextSeq, timeOffset: timeOffset, policy: policy, clock: clock, scrub: scrub)
    }

    /// Everything resume needs from the file: reads the session, repairs a
    /// cut-off last line, and reopens it so the next event gets the next `seq`
    /// and a `t` that carries on from the last one.
    public static func resume(
        path: String, policy: Policy = Policy(), clock: @escaping Clock = SessionWriter.monotonicClock(), scrub: [String] = []
    ) throws(SPOError) -> (writer: SessionWriter, session: LoadedSession) {
        _ = try SessionReader.truncateToLastCompleteLine(path: path)
        let session = try SessionReader.read(path: path)
        let writer = try reopen(path: path, nextSeq: session.lastSeq + 1, timeOffset: session.lastT, policy: policy, clock: clock, scrub: scrub)
        return (writer, session)
    }

    /// The `seq` the next event will get.
    public var nextSeq: Int { lock.withLock { seq } }

    /// The `t` an event appended now would get.
    public var elapsed: Double { lock.withLock { currentT() } }

    /// Stamps `event` with the next `seq` and the current `t`, writes it as one
    /// line, and returns what was written. On failure nothing is consumed.
    @discardableResult
    public func append(_ event: EngineEvent) throws(SPOError) -> EventRecord {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { throw SPOError(file: path, "the session file is closed") }
        var event = event
        if case .runStarted(var started) = event {
            started.config = started.config.redacted()
            event = .runStarted(started)
        }
        let record = EventRecord(seq: seq, t: currentT(), event: event)
        var line = record.jsonBytes()
        line.append(0x0A)
        line = applyScrub(line)
        try writeWhole(line, syncNow: policy.syncTypes.contains(event.type))
        seq += 1
        lastT = record.t
        return record
    }

    /// Forces an fsync now.
    public func sync() throws(SPOError) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        try syncLocked()
    }

    /// Syncs and closes. Further appends fail.
    public func close() throws(SPOError) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        var firstError: SPOError?
        do { try syncLocked() } catch { firstError = error }
        do { try sink.close() } catch { firstError = firstError ?? Self.ioError(path, error) }
        if let firstError { throw firstError }
    }

    // MARK: internals (called with the lock held)

    /// Rounded to milliseconds (short lines) and never behind the previous event.
    private func currentT() -> Double {
        let raw = timeOffset + max(0, clock() - startedAt)
        return max(lastT, (raw * 1000).rounded() / 1000)
    }

    private func writeWhole(_ line: [UInt8], syncNow: Bool) throws(SPOError) {
        var bytes = line
        if needsLeadingNewline { bytes.insert(0x0A, at: 0) }
        do {
            try sink.write(bytes)
        } catch {
            rollBack()
            throw Self.ioError(path, error)
        }
        if needsLeadingNewline {
            needsLeadingNewline = false
            committedLength = (try? sink.size()) ?? committedLength + bytes.count
        } else {
            committedLength += bytes.count
        }
        if syncNow || clock() - lastSync >= policy.syncInterval {
            try syncLocked()
        }
    }

    /// Cuts a partly written line off, so no later line is glued onto it.
    private func rollBack() {
        do {
            if try sink.size() != committedLength { try sink.truncate(to: committedLength) }
        } catch {
            needsLeadingNewline = true
        }
    }

    private func syncLocked() throws(SPOError) {
        do {
            try sink.sync()
        } catch {
            throw Self.ioError(path, error)
        }
        lastSync = clock()
    }

    private func applyScrub(_ line: [UInt8]) -> [UInt8] {
        guard !scrub.isEmpty else { return line }
        var text = String(decoding: line, as: UTF8.self)
        var changed = false
        for (raw, escaped) in scrub {
            for form in Set([raw, escaped]) where text.contains(form) {
                text = text.replacingOccurrences(of: form, with: "[redacted]")
                changed = true
            }
        }
        return changed ? Array(text.utf8) : line
    }

    static func ioError(_ path: String, _ error: SessionIOError) -> SPOError {
        SPOError("cannot \(["open", "create"].contains(error.operation) ? error.operation : "write") session file \(path): \(error.description)")
    }

    // MARK: helpers

    /// A clock in seconds that starts near zero.
    public static func monotonicClock() -> Clock {
        let start = ContinuousClock.now
        return {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
    }

    /// "2026-11-27T09:12:03Z".
    public static func isoTimestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// A run id from a time, usable as a file name on every system: "2026-11-27T09-12-03".
    public static func makeRunID(_ date: Date = Date()) -> String {
        String(isoTimestamp(date).replacingOccurrences(of: ":", with: "-").dropLast())
    }

    /// Run ids become file names: letters, digits, `.`, `_`, `-`, not starting with `.`.
    static func checkRunID(_ id: String) throws(SPOError) {
        let ok = !id.isEmpty && !id.hasPrefix(".") && id.utf8.count <= 200
            && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard ok else { throw SPOError("run id \"\(id)\" cannot be a file name (use letters, digits, '.', '_' and '-')") }
    }
}
