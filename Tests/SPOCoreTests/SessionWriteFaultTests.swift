import Foundation
import Testing
@testable import SPOCore

/// Session writes that fail on a real file: `/dev/full`, and the `FailingSink`
/// seam the binary turns on with `METASPO_FAIL_SESSION_WRITE` (CI runs as root,
/// so permissions cannot make a write fail).
struct SessionWriteFaultTests {
    @Test func devFullGivesAClearErrorAndUsesUpNoSeq() throws {
        let writer = try SessionWriter.reopen(path: "/dev/full", nextSeq: 7, timeOffset: 3)
        #expect(throws: SPOError("cannot write session file /dev/full: write failed: No space left on device (ENOSPC)")) {
            try writer.append(.paused)
        }
        #expect(writer.nextSeq == 7)
        // Still failing, still clear, still seq 7.
        #expect(throws: SPOError.self) { try writer.append(.resumed) }
        #expect(writer.nextSeq == 7)
        try writer.close()
    }

    @Test func aDiskThatFillsUpLeavesTheSessionReadable() throws {
        let dir = TempDir()
        let path = dir.path + "/s.jsonl"
        let file = try FileSink(path: path, mode: .createNew)
        // Write 1 is the header, 2–4 are events 1–3, write 5 fails half-way.
        let sink = FailingSink(file, failAt: 5)
        let writer = try SessionWriter(path: path, sink: sink, header: SessionHeader(created: "2026-01-01T00:00:00Z", config: [:]))
        for n in 1...3 { try writer.append(.warning(message: "event \(n)")) }
        for _ in 0..<3 {
            #expect(throws: SPOError("cannot write session file \(path): write failed: No space left on device (ENOSPC)")) {
                try writer.append(.warning(message: "a line that does not fit"))
            }
        }
        try writer.close()

        let session = try SessionReader.read(path: path)
        #expect(session.events.map(\.seq) == [1, 2, 3])
        #expect(session.truncatedTail == nil && session.skipped.isEmpty && !session.missingFinalNewline)

        // Room again: a resume carries on at seq 4.
        let (resumed, loaded) = try SessionWriter.resume(path: path)
        #expect(loaded.lastSeq == 3)
        #expect(try resumed.append(.resumed).seq == 4)
        try resumed.close()
        #expect(try SessionReader.read(path: path).sequenceProblems().isEmpty)
    }

    @Test func theHeaderFailingLeavesNoFileBehind() throws {
        let sink = FakeSink()
        do {
            _ = try SessionWriter(path: "/data/x.jsonl", sink: FailingSink(sink, failAt: 1, code: EIO), header: SessionHeader(created: "c", config: [:]))
            Issue.record("the header write should fail")
        } catch {
            #expect(error.message == "cannot write session file /data/x.jsonl: write failed: Input/output error (EIO)")
        }
        #expect(sink.bytes.isEmpty, "half a header was left: \(sink.text)")
    }

    /// The header is written before the file takes its name, so a reader never
    /// finds a session without one; nothing else is left in the folder.
    @Test func aNewSessionAppearsWithItsHeader() throws {
        let dir = TempDir()
        let a = try SessionWriter.create(directory: dir.path, runID: "r", config: ["seed": 1])
        let b = try SessionWriter.create(directory: dir.path, runID: "r", config: ["seed": 2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["r-2.jsonl", "r.jsonl"])
        #expect(a.path == dir.path + "/r.jsonl" && b.path == dir.path + "/r-2.jsonl")
        try b.append(.paused)
        try a.close()
        try b.close()
        #expect(try SessionReader.read(path: b.path).header.config == ["seed": 2])
        #expect(try SessionReader.read(path: b.path).events.count == 1)
        #expect(try SessionReader.read(path: a.path).header.config == ["seed": 1])
    }

    @Test func theSeamIsOffUnlessAskedAndRefusesNonsense() throws {
        let plain = FakeSink()
        #expect(try FailingSink.wrap(plain, environment: [:]) === plain)
        #expect(try FailingSink.wrap(plain, environment: [FailingSink.environmentKey: ""]) === plain)
        #expect(try FailingSink.wrap(plain, environment: [FailingSink.environmentKey: "3"]) is FailingSink)
        #expect(try FailingSink.wrap(plain, environment: [FailingSink.environmentKey: "3:eio"]) is FailingSink)
        for bad in ["0", "x", "3:EBOGUS", "-1", "3:"] {
            #expect(throws: SPOError.self, "\(bad)") { try FailingSink.wrap(plain, environment: [FailingSink.environmentKey: bad]) }
        }
    }
}
