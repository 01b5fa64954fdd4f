#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The session reader's line machine: fed bytes in chunks of any size, it
/// splits lines, reads the header, decodes events and keeps the counts.
struct LineParser {
    let name: String
    let mode: SessionReader.Mode
    private(set) var header: SessionHeader?
    /// Bytes of a line whose newline has not arrived yet.
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    /// Bytes consumed before the current chunk.
    private var offset = 0
    private var lineNo = 0
    private var skipped: [LoadedSession.SkippedLine] = []
    private var truncatedTail: LoadedSession.TruncatedTail?
    private var missingFinalNewline = false
    private var count = 0
    private var lastSeq = 0
    private var lastT = 0.0

    init(name: String, mode: SessionReader.Mode) {
        self.name = name
        self.mode = mode
    }

    mutating func feed(_ buf: UnsafeBufferPointer<UInt8>, stopAfterHeader: Bool = false, _ body: (EventRecord) -> Void) throws(SPOError) {
        guard let base = buf.baseAddress else { return }
        var start = 0
        while start < buf.count {
            guard let hit = memchr(base + start, 0x0A, buf.count - start) else {
                if pending.isEmpty { pendingOffset = offset + start }
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start...]))
                break
            }
            let nl = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            if pending.isEmpty {
                try handle(UnsafeBufferPointer(rebasing: buf[start..<nl]), at: offset + start, terminated: true, body)
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<nl]))
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try line.withUnsafeBufferPointer { (p) throws(SPOError) in
                    try handle(p, at: pendingOffset, terminated: true, body)
                }
            }
            start = nl + 1
            if stopAfterHeader, header != nil { break }
        }
        offset += buf.count
    }

    mutating func finish(_ body: (EventRecord) -> Void) throws(SPOError) -> LoadedSession {
        if !pending.isEmpty {
            let line = pending
            pending = []
            try line.withUnsafeBufferPointer { (p) throws(SPOError) in
                try handle(p, at: pendingOffset, terminated: false, body)
            }
        }
        guard let header else {
            if let tail = truncatedTail {
                throw SPOError(file: name, line: tail.line, "the session header is cut off (the file holds no complete line)")
            }
            throw SPOError(file: name, "the file is empty (no session header)")
        }
        return LoadedSession(
            path: name, header: header, events: [], truncatedTail: truncatedTail, skipped: skipped,
            missingFinalNewline: missingFinalNewline, eventCount: count, lastSeq: lastSeq, lastT: lastT)
    }

    private mutating func handle(_ line: UnsafeBufferPointer<UInt8>, at lineOffset: Int, terminated: Bool, _ body: (EventRecord) -> Void) throws(SPOError) {
        lineNo += 1
        if SessionReader.isBlank(line) { return }
        if header == nil {
            do {
                header = try readHeader(String(decoding: line, as: UTF8.self))
            } catch {
                if !terminated, error.message.contains("invalid JSON") {
                    truncatedTail = .init(offset: lineOffset, line: lineNo, length: line.count)
                    return
                }
                throw error
            }
            if !terminated { missingFinalNewline = true }
            return
        }
        let record: EventRecord
        do {
            record = try EventRecord(jsonBytes: line)
        } catch {
            if !terminated {
                truncatedTail = .init(offset: lineOffset, line: lineNo, length: line.count)
                return
            }
            switch mode {
            case .strict: throw SPOError(file: name, line: lineNo, error.message)
            case .lenient:
                skipped.append(.init(line: lineNo, offset: lineOffset, problem: error.message))
                return
            }
        }
        if !terminated { missingFinalNewline = true }
        count += 1
        lastSeq = record.seq
        lastT = record.t
        body(record)
    }

    private func readHeader(_ text: String) throws(SPOError) -> SessionHeader {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw SPOError(file: name, line: lineNo, "session header: \(error.message)")
        }
        let header: SessionHeader
        do {
            header = try SessionHeader(json: value)
        } catch {
            throw SPOError(file: name, line: lineNo, error.message)
        }
        if header.version > SessionHeader.currentVersion {
            throw SPOError(
                "session \(name) was written by a newer metaspo (format version \(header.version)); this one reads version \(SessionHeader.currentVersion)")
        }
        if header.version < 1 {
            throw SPOError(file: name, line: lineNo, "unknown session format version \(header.version)")
        }
        return header
    }
}
