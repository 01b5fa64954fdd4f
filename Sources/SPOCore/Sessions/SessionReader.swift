#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads session files (JSON Lines: a header, then one event per line).
///
/// - Blank lines are skipped.
/// - A last line without its newline that does not read as an event is a
///   cut-off write: reported as `truncatedTail`, not an error.
/// - A header with a newer major `version` is refused with a clear message.
/// - A malformed line anywhere else is an error naming `file:line` — or, in
///   lenient mode, skipped and listed in `skipped`.
///
/// The file is read in chunks and each line is decoded as it arrives, so
/// `scan` can fold a long session without holding every event.
public enum SessionReader {
    public enum Mode: Sendable {
        case strict
        case lenient
    }

    /// Reads the whole session.
    public static func read(path: String, mode: Mode = .strict) throws(SPOError) -> LoadedSession {
        var events: [EventRecord] = []
        var session = try scan(path: path, mode: mode) { events.append($0) }
        session.events = events
        return session
    }

    /// Reads a session held in memory; `name` stands for the file in messages.
    public static func read(bytes: [UInt8], name: String, mode: Mode = .strict) throws(SPOError) -> LoadedSession {
        var events: [EventRecord] = []
        var parser = LineParser(name: name, mode: mode)
        try bytes.withUnsafeBufferPointer { (buf) throws(SPOError) in
            try parser.feed(buf) { events.append($0) }
        }
        var session = try parser.finish { events.append($0) }
        session.events = events
        return session
    }

    /// Reads the session and hands each event to `body` as it is decoded; the
    /// result has everything but `events`.
    public static func scan(path: String, mode: Mode = .strict, _ body: (EventRecord) -> Void) throws(SPOError) -> LoadedSession {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw readError(path, SessionIOError(operation: "open", code: errno)) }
        defer { _ = close(fd) }
        var parser = LineParser(name: path, mode: mode)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw readError(path, SessionIOError(operation: "read", code: errno))
            }
            if n == 0 { break }
            try chunk.withUnsafeBufferPointer { (buf) throws(SPOError) in
                try parser.feed(UnsafeBufferPointer(rebasing: buf[0..<n]), body)
            }
        }
        return try parser.finish(body)
    }

    /// Only the header, for listings that must not read whole sessions.
    public static func readHeader(path: String) throws(SPOError) -> SessionHeader {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw readError(path, SessionIOError(operation: "open", code: errno)) }
        defer { _ = close(fd) }
        var parser = LineParser(name: path, mode: .lenient)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while parser.header == nil {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw readError(path, SessionIOError(operation: "read", code: errno))
            }
            if n == 0 { break }
            try chunk.withUnsafeBufferPointer { (buf) throws(SPOError) in
                try parser.feed(UnsafeBufferPointer(rebasing: buf[0..<n]), stopAfterHeader: true) { _ in }
            }
        }
        if let header = parser.header { return header }
        return try parser.finish { _ in }.header
    }

    /// What `truncateToLastCompleteLine` did.
    public enum TailRepair: Sendable, Hashable {
        /// The file already ended at a line boundary.
        case none
        /// A cut-off last line of this many bytes was removed.
        case removed(bytes: Int)
        /// The last line was whole but had no newline; one was added.
        case newlineAdded
    }

    /// Makes the file end at a line boundary before appending to it: removes a
    /// cut-off last line (exactly what the reader reports as `truncatedTail`),
    /// or adds the missing newline after a last line that is whole.
    @discardableResult
    public static func truncateToLastCompleteLine(path: String) throws(SPOError) -> TailRepair {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw readError(path, SessionIOError(operation: "open", code: errno)) }
        defer { _ = close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw readError(path, SessionIOError(operation: "stat", code: errno)) }
        let size = Int(st.st_size)
        // Walk back from the end to the last newline, keeping the tail after it.
        var tail: [UInt8] = []
        var end = size
        var lastNewline = -1
        let step = 1 << 16
        search: while end > 0 {
            let start = max(0, end - step)
            var buf = [UInt8](repeating: 0, count: end - start)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(start)) }
            guard n == end - start else { throw readError(path, SessionIOError(operation: "read", code: n < 0 ? errno : EIO)) }
            if let i = buf.lastIndex(of: 0x0A) {
                lastNewline = start + i
                tail = Array(buf[(i + 1)...]) + tail
                break search
            }
            tail = buf + tail
            end = start
        }
        if tail.isEmpty { return .none }
        let cut = lastNewline + 1
        if !isBlank(tail[...]), tailIsWhole(tail, isFirstLine: lastNewline < 0 || onlyBlankBefore(fd: fd, upTo: cut)) {
            let newline: [UInt8] = [0x0A]
            let n = newline.withUnsafeBytes { pwrite(fd, $0.baseAddress!, 1, off_t(size)) }
            guard n == 1 else { throw SessionWriter.ioError(path, SessionIOError(operation: "write", code: n < 0 ? errno : EIO)) }
            return .newlineAdded
        }
        guard ftruncate(fd, off_t(cut)) == 0 else { throw SessionWriter.ioError(path, SessionIOError(operation: "truncate", code: errno)) }
        return .removed(bytes: size - cut)
    }

    private static func tailIsWhole(_ tail: [UInt8], isFirstLine: Bool) -> Bool {
        let text = String(decoding: tail, as: UTF8.self)
        if isFirstLine {
            guard let value = try? JSONValue.parse(text) else { return false }
            return (try? SessionHeader(json: value)) != nil
        }
        return (try? EventRecord(jsonLine: text)) != nil
    }

    /// Whether everything before `upTo` is blank (so the tail would be the header line).
    private static func onlyBlankBefore(fd: Int32, upTo: Int) -> Bool {
        guard upTo > 0 else { return true }
        var buf = [UInt8](repeating: 0, count: min(upTo, 1 << 16))
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { return false }
        // A header line is far shorter than 64 KiB of blank space; a non-blank byte ends the question.
        return isBlank(buf[0..<n]) && n == upTo
    }

    static func isBlank(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func readError(_ path: String, _ error: SessionIOError) -> SPOError {
        SPOError("cannot read session file \(path): \(error.description)")
    }
}

// `SessionReader.read` hides the C function of the same name.
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
    read(fd, p, n)
}
