import Foundation
import Testing
@testable import SPOCore

struct SessionReaderTests {
    static let header = #"{"format":"metaspo-session","version":1,"created":"2026-11-27T09:12:03Z","config":{}}"#

    /// A valid session of every sample event.
    static var sampleBytes: [UInt8] {
        var out = Array((header + "\n").utf8)
        for r in EventSamples.records {
            out += r.jsonBytes()
            out.append(0x0A)
        }
        return out
    }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? SPOError)?.message ?? "\(error)"
        }
    }

    @Test func skipsBlankLinesAndCRLF() throws {
        let text = "\n" + Self.header + "\r\n\n   \n" + EventSamples.designLines.joined(separator: "\r\n\t\n") + "\n\n"
        let s = try SessionReader.read(bytes: Array(text.utf8), name: "s.jsonl")
        #expect(s.events.count == EventSamples.designLines.count)
        #expect(s.lastSeq == 14 && s.lastT == 900)
        #expect(s.truncatedTail == nil && !s.missingFinalNewline)
    }

    @Test func cutOffLastLineIsReportedWithItsOffset() throws {
        let dir = TempDir()
        let whole = Self.sampleBytes
        let cut = Array(EventSamples.records[0].jsonBytes().prefix(40))
        let path = dir.write("s.jsonl", bytes: whole + cut)
        let s = try SessionReader.read(path: path)
        #expect(s.events == EventSamples.records)
        #expect(s.truncatedTail == .init(offset: whole.count, line: EventSamples.records.count + 2, length: 40))
        #expect(try SessionReader.truncateToLastCompleteLine(path: path) == .removed(bytes: 40))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(whole))
        #expect(try SessionReader.truncateToLastCompleteLine(path: path) == SessionReader.TailRepair.none)
        #expect(try SessionReader.read(path: path).truncatedTail == nil)
    }

    @Test func wholeLastLineWithoutNewlineIsKept() throws {
        let dir = TempDir()
        let text = Self.header + "\n" + EventSamples.designLines.joined(separator: "\n")
        let path = dir.write("s.jsonl", text)
        let s = try SessionReader.read(path: path)
        #expect(s.events.count == 14 && s.missingFinalNewline && s.truncatedTail == nil)
        #expect(try SessionReader.truncateToLastCompleteLine(path: path) == .newlineAdded)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text + "\n")
        // A header alone without its newline is whole too.
        let lone = dir.write("h.jsonl", Self.header)
        #expect(try SessionReader.truncateToLastCompleteLine(path: lone) == .newlineAdded)
        #expect(try SessionReader.read(path: lone).eventCount == 0)
        // A cut-off header is removed entirely.
        let cutHeader = dir.write("c.jsonl", String(Self.header.prefix(20)))
        #expect(message { _ = try SessionReader.read(path: cutHeader) } == "\(cutHeader):1: the session header is cut off (the file holds no complete line)")
        #expect(try SessionReader.truncateToLastCompleteLine(path: cutHeader) == .removed(bytes: 20))
    }

    @Test func newerVersionIsRefused() {
        let text = #"{"format":"metaspo-session","version":2,"created":"x","config":{}}"# + "\n" + EventSamples.designLines[0] + "\n"
        #expect(message { _ = try SessionReader.read(bytes: Array(text.utf8), name: "runs/a.jsonl") }
            == "session runs/a.jsonl was written by a newer metaspo (format version 2); this one reads version 1")
    }

    @Test func headerProblems() {
        func read(_ text: String) -> String? {
            message { _ = try SessionReader.read(bytes: Array(text.utf8), name: "a.jsonl") }
        }
        #expect(read("") == "a.jsonl: the file is empty (no session header)")
        #expect(read("\n  \n") == "a.jsonl: the file is empty (no session header)")
        #expect(read(#"{"seq":1,"t":0,"type":"paused"}"# + "\n") == #"a.jsonl:1: not a metaspo session (line 1 has no "format")"#)
        #expect(read(#"{"format":"other","version":1}"# + "\n") == #"a.jsonl:1: not a metaspo session (format is "other", expected "metaspo-session")"#)
        #expect(read(#"{"format":"metaspo-session"}"# + "\n") == #"a.jsonl:1: session header: missing field "version""#)
        #expect(read(#"{"format":"metaspo-session","version":0}"# + "\n") == "a.jsonl:1: unknown session format version 0")
        #expect(read("not json\n") == "a.jsonl:1: session header: invalid JSON at column 1: unknown word (expected null)")
    }

    @Test func malformedMiddleLineNamesFileAndLine() throws {
        var lines = [Self.header] + EventSamples.designLines
        lines[3] = #"{"seq":3,"t":0.1,"type":"candidate_created","id":"U1","kind":"user""#
        lines[6] = #"{"seq":6,"t":24.0,"type":"evaluation_finished","node":{"system":"S1","user":"U1","task":"navigate"},"split":"train","n":50,"wrong":[]}"#
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        #expect(message { _ = try SessionReader.read(bytes: bytes, name: "s.jsonl") }?.hasPrefix("s.jsonl:4: invalid JSON at column") == true)
        lines[3] = EventSamples.designLines[2]
        #expect(message { _ = try SessionReader.read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), name: "s.jsonl") }
            == #"s.jsonl:7: evaluation_finished: missing field "score""#)
        lines[3] = "garbage"
        let lenient = try SessionReader.read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), name: "s.jsonl", mode: .lenient)
        #expect(lenient.events.count == 12)
        #expect(lenient.skipped.map(\.line) == [4, 7])
        #expect(lenient.skipped[1].problem == #"evaluation_finished: missing field "score""#)
    }

    @Test func chunkBoundariesDoNotMatter() throws {
        let bytes = Self.sampleBytes + Array("\n\n".utf8) + Array(EventSamples.records[3].jsonBytes().prefix(9))
        let whole = try SessionReader.read(bytes: bytes, name: "s")
        #expect(whole.truncatedTail != nil)
        for size in [1, 2, 3, 7, 64, 1000] {
            var parser = LineParser(name: "s", mode: .strict)
            var events: [EventRecord] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + size)
                try bytes[start..<end].withUnsafeBufferPointer { (p) throws(SPOError) in
                    try parser.feed(p) { events.append($0) }
                }
                start = end
            }
            var s = try parser.finish { events.append($0) }
            s.events = events
            #expect(s == whole, "chunk size \(size)")
        }
    }

    @Test func readHeaderOnly() throws {
        let dir = TempDir()
        let path = dir.write("s.jsonl", bytes: Self.sampleBytes + Array("garbage\n".utf8))
        let header = try SessionReader.readHeader(path: path)
        #expect(header.created == "2026-11-27T09:12:03Z" && header.version == 1)
        #expect(message { _ = try SessionReader.readHeader(path: dir.path + "/missing.jsonl") }
            == "cannot read session file \(dir.path)/missing.jsonl: open failed: No such file or directory (ENOENT)")
    }

    /// Mutated sessions never crash or hang the reader: each gives a session or an SPOError.
    @Test func fuzzedSessionsNeverCrash() {
        let count = Int(ProcessInfo.processInfo.environment["METASPO_FUZZ_COUNT"] ?? "") ?? 3000
        var rng = SeededRandom(seed: 2505_09666, stream: "session-reader-fuzz")
        let base = Self.sampleBytes
        let lines = base.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let pieces: [[UInt8]] = [
            Array(#"{"seq":"#.utf8), Array("\\u".utf8), Array("\\ud800".utf8), [0xFF, 0xFE], [0xC2], [0x00], Array("[[[[[[[[".utf8),
            Array(#""type":"evaluation_finished""#.utf8), Array(#","version":99"#.utf8), Array("\n".utf8), Array("1e999999".utf8),
            Array(#"{"node":{}}"#.utf8), Array("-".utf8), Array(#"""#.utf8),
        ]
        var outcomes = [0, 0]
        for _ in 0..<count {
            var bytes: [UInt8]
            switch rng.below(6) {
            case 0:  // flip some bytes
                bytes = base
                for _ in 0...rng.below(8) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1:  // cut anywhere
                bytes = Array(base.prefix(rng.below(base.count + 1)))
            case 2:  // delete a range
                bytes = base
                let a = rng.below(bytes.count)
                bytes.removeSubrange(a..<min(bytes.count, a + 1 + rng.below(200)))
            case 3:  // insert nasty pieces
                bytes = base
                for _ in 0...rng.below(4) { bytes.insert(contentsOf: rng.pick(pieces), at: rng.below(bytes.count + 1)) }
            case 4:  // shuffle, repeat and drop lines
                var ls = lines
                for _ in 0...rng.below(5) {
                    switch rng.below(3) {
                    case 0: ls.swapAt(rng.below(ls.count), rng.below(ls.count))
                    case 1: ls.insert(rng.pick(lines), at: rng.below(ls.count + 1))
                    default: if ls.count > 1 { ls.remove(at: rng.below(ls.count)) }
                    }
                }
                bytes = Array(ls.joined(separator: [0x0A]))
            default:  // random bytes after a good header
                bytes = Array((Self.header + "\n").utf8)
                for _ in 0..<rng.below(300) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            }
            for mode in [SessionReader.Mode.strict, .lenient] {
                do {
                    let s = try SessionReader.read(bytes: bytes, name: "fuzz", mode: mode)
                    #expect(s.eventCount == s.events.count)
                    outcomes[0] += 1
                } catch {
                    #expect(!error.message.isEmpty)
                    // One line, and nothing a terminal would act on.
                    #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(JSONValue.string(error.message).compactText)")
                    outcomes[1] += 1
                }
            }
        }
        // Both outcomes happen, so the mutations reach the decoder.
        #expect(outcomes[0] > 0 && outcomes[1] > 0)
    }

    /// Speed of writing and reading a 100,000-event session. Prints numbers, asserts none
    /// about time. Run with METASPO_SESSION_BENCH=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["METASPO_SESSION_BENCH"] != nil))
    func readSpeed() throws {
        let dir = TempDir()
        let n = 100_000
        let writer = try SessionWriter.create(directory: dir.path, runID: "bench", config: ["seed": 1])
        // The mix of a real run: mostly progress, scores, usage and new candidates.
        let events = EventSamples.all.filter {
            switch $0 {
            case .evaluationProgress, .evaluationFinished, .usage, .candidateCreated, .analysisCreated, .warning: true
            default: false
            }
        }
        let clock = ContinuousClock()
        let writeTime = try clock.measure {
            for i in 0..<n { try writer.append(events[i % events.count]) }
            try writer.close()
        }
        let size = try FileManager.default.attributesOfItem(atPath: writer.path)[.size] as! Int
        var session: LoadedSession?
        let readTime = try clock.measure { session = try SessionReader.read(path: writer.path) }
        var state = RunModel()
        let foldTime = try clock.measure { _ = try SessionReader.scan(path: writer.path) { state.apply($0) } }
        func perSecond(_ d: Duration) -> Int {
            Int(Double(n) / (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        }
        #expect(session?.eventCount == n && state.lastSeq == n)
        print("session bench: \(n) events, \(size / 1_000_000) MB; write \(writeTime) (\(perSecond(writeTime)) events/s); "
            + "read \(readTime) (\(perSecond(readTime)) events/s); scan+fold \(foldTime) (\(perSecond(foldTime)) events/s)")
    }
}
