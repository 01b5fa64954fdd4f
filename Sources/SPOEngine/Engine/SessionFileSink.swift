import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import SPOCore

/// Keeps an engine's events in a session file through `SessionWriter`.
public final class SessionFileSink: EventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var writer: SessionWriter
    private let scrub: [String]

    public init(writer: SessionWriter, scrub: [String] = []) {
        self.writer = writer
        self.scrub = scrub
    }

    public var path: String { lock.withLock { writer.path } }

    public func append(_ event: EngineEvent) throws -> EventRecord {
        lock.lock()
        defer { lock.unlock() }
        return try writer.append(event)
    }

    /// Rewrites the file without the events from `seq` on (into a temporary file
    /// that replaces it in one rename, so a crash leaves the old or the new file,
    /// never half of one), then appends after them.
    public func truncate(fromSeq seq: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        do {
            let path = writer.path
            try writer.close()
            let session = try SessionReader.read(path: path, mode: .lenient)
            let kept = session.events.filter { $0.seq < seq }
            var bytes = Array(session.header.jsonValue.compactText.utf8)
            bytes.append(0x0A)
            for r in kept {
                bytes += r.jsonBytes()
                bytes.append(0x0A)
            }
            // Owner-only like the session itself, and on disk before it replaces it.
            let temp = path + ".rewrite"
            let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard fd >= 0 else { throw SPOError(file: temp, "cannot write the rewritten session: \(String(cString: strerror(errno)))") }
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if n <= 0 {
                    let why = String(cString: strerror(errno))
                    Foundation.close(fd)
                    unlink(temp)
                    throw SPOError(file: temp, "cannot write the rewritten session: \(why)")
                }
                written += n
            }
            fsync(fd)
            Foundation.close(fd)
            guard rename(temp, path) == 0 else {
                throw SPOError(file: path, "cannot replace the session file: \(String(cString: strerror(errno)))")
            }
            writer = try SessionWriter.reopen(path: path, nextSeq: seq, timeOffset: kept.last?.t ?? 0, scrub: scrub)
        }
    }

    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        try writer.close()
    }
}
