import Foundation
import Testing
@testable import SPOCore

struct SessionWriterTests {
    static let fakeKey = "sk-FAKE-9f8e7d6c5b4a39281706"

    static var configWithSecrets: JSONValue {
        [
            "train_size": 50,
            "base_model": ["base_url": "http://127.0.0.1:8000/v1", "api_key_env": "OPENAI_API_KEY", "api_key": .string(fakeKey), "max_tokens": 512],
            "optimizer_model": ["headers": ["Authorization": .string("Bearer " + fakeKey), "X-Api-Key": .string(fakeKey)], "model": "m"],
            "endpoints": [["url": "http://a", "token": .string(fakeKey)], ["url": "http://b", "password": "hunter2"]],
            "hf_token": .string(fakeKey), "client_secret": "shh",
        ]
    }

    @Test func createWritesHeaderThenOneLinePerEvent() throws {
        let dir = TempDir()
        let clock = FakeClock()
        let writer = try SessionWriter.create(
            directory: dir.path + "/sessions", runID: "2026-11-27T09-12-03", config: ["seed": 42],
            created: Date(timeIntervalSince1970: 1_795_000_000), clock: clock.clock)
        #expect(writer.path == dir.path + "/sessions/2026-11-27T09-12-03.jsonl")
        var written: [EventRecord] = []
        for (n, event) in EventSamples.all.enumerated() {
            clock.now = Double(n) * 0.3333
            written.append(try writer.append(event))
        }
        try writer.close()
        let text = try String(contentsOfFile: writer.path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == EventSamples.all.count + 2)
        #expect(lines.last == "")
        #expect(lines[0] == #"{"format":"metaspo-session","version":1,"created":"2026-11-18T11:06:40Z","config":{"seed":42}}"#)
        #expect(written.map(\.seq) == Array(1...EventSamples.all.count))
        #expect(written[2].t == 0.667)  // 2 × 0.3333, to the millisecond
        let session = try SessionReader.read(path: writer.path)
        #expect(session.events == written)
        #expect(session.header.config == ["seed": 42])
        #expect(session.truncatedTail == nil && session.skipped.isEmpty)
        // Owner-only permissions.
        let mode = try FileManager.default.attributesOfItem(atPath: writer.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func secretsNeverReachTheFile() throws {
        let dir = TempDir()
        let writer = try SessionWriter.create(directory: dir.path, runID: "r1", config: Self.configWithSecrets, scrub: [Self.fakeKey])
        try writer.append(.runStarted(.init(run: "r1", method: "metaspo", config: Self.configWithSecrets, tasks: [], models: [:])))
        // A model reply that echoes the key is scrubbed too.
        try writer.append(.warning(message: "server said: bad key \(Self.fakeKey)"))
        try writer.close()
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: writer.path)), as: UTF8.self)
        #expect(!text.contains(Self.fakeKey))
        #expect(!text.contains("hunter2") && !text.contains("shh"))
        #expect(!text.contains("Bearer"))
        // Where the key comes from, and token counts, are kept.
        #expect(text.contains(#""api_key_env":"OPENAI_API_KEY""#))
        #expect(text.contains(#""max_tokens":512"#))
        #expect(text.contains("bad key [redacted]"))
        let session = try SessionReader.read(path: writer.path)
        #expect(session.header.config["base_model"]?["api_key"] == nil)
        #expect(session.header.config["endpoints"]?.arrayValue?.first?["url"] == "http://a")
    }

    @Test func secretKeyNames() {
        for key in ["api_key", "apiKey", "OPENAI_API_KEY", "x-api-key", "token", "access_token", "HF_TOKEN", "secret", "client_secret",
            "password", "Authorization", "proxy-authorization", "key", "private_key", "cookie"]
        {
            #expect(JSONValue.isSecretKey(key), "\(key) should be secret")
        }
        for key in ["api_key_env", "api_key_file", "max_tokens", "prompt_tokens", "model", "base_url", "keep", "top_k", "tokenizer"] {
            #expect(!JSONValue.isSecretKey(key), "\(key) should be kept")
        }
    }

    @Test func resumeContinuesSeqAndTimeAfterACutOffLine() throws {
        let dir = TempDir()
        let clock = FakeClock()
        let first = try SessionWriter.create(directory: dir.path, runID: "run", config: [:], clock: clock.clock)
        for n in 1...5 {
            clock.now = Double(n) * 10
            try first.append(.evaluationProgress(.init(node: EventSamples.node, split: .train, done: n, of: 5, correct: n)))
        }
        // The process dies in the middle of the sixth line: no close, half a line.
        let goodSize = try FileManager.default.attributesOfItem(atPath: first.path)[.size] as! Int
        let half = Array(EventRecord(seq: 6, t: 60, event: .paused).jsonBytes().prefix(17))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: first.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: half)
        try handle.close()

        let crashed = try SessionReader.read(path: first.path)
        #expect(crashed.eventCount == 5 && crashed.lastSeq == 5 && crashed.lastT == 50)
        #expect(crashed.truncatedTail == .init(offset: goodSize, line: 7, length: 17))

        let clock2 = FakeClock()
        clock2.now = 1000  // a different process: its clock has nothing to do with the first one
        let (writer, session) = try SessionWriter.resume(path: first.path, clock: clock2.clock)
        #expect(session.truncatedTail == nil && session.lastSeq == 5)
        #expect(writer.nextSeq == 6)
        clock2.now = 1002.5
        let resumed = try writer.append(.resumed)
        #expect(resumed.seq == 6 && resumed.t == 52.5)
        try writer.append(.runFinished(.init(bestSystem: "S1")))
        try writer.close()

        let all = try SessionReader.read(path: first.path)
        #expect(all.events.map(\.seq) == Array(1...7))
        #expect(all.sequenceProblems().isEmpty)
        #expect(zip(all.events, all.events.dropFirst()).allSatisfy { $0.t <= $1.t })
        #expect(all.truncatedTail == nil && !all.missingFinalNewline)
    }

    func makeWriter(_ sink: FakeSink, clock: FakeClock = FakeClock()) throws -> SessionWriter {
        try SessionWriter(path: "/data/s.jsonl", sink: sink, header: SessionHeader(created: "2026-01-01T00:00:00Z", config: [:]), clock: clock.clock)
    }

    @Test func failedWriteIsCutBackAndNamesFileAndOSError() throws {
        let sink = FakeSink()
        let writer = try makeWriter(sink)
        try writer.append(.phaseStarted(.init(iteration: 0, phase: .initial)))
        let before = sink.bytes
        sink.failNextWrite = 23
        #expect {
            try writer.append(.warning(message: "this line will not fit"))
        } throws: { error in
            (error as? SPOError)?.message == "cannot write session file /data/s.jsonl: write failed: No space left on device (ENOSPC)"
        }
        // The half line is gone; nothing was consumed.
        #expect(sink.bytes == before)
        #expect(writer.nextSeq == 2)
        let retried = try writer.append(.warning(message: "this line will not fit"))
        #expect(retried.seq == 2)
        let session = try SessionReader.read(bytes: sink.bytes, name: "s.jsonl")
        #expect(session.events.map(\.seq) == [1, 2])
    }

    @Test func whenTheCutFailsTheNextLineStartsOnItsOwn() throws {
        let sink = FakeSink()
        let writer = try makeWriter(sink)
        try writer.append(.paused)
        sink.failNextWrite = 10
        sink.truncateFails = true
        #expect(throws: SPOError.self) { try writer.append(.resumed) }
        sink.truncateFails = false
        try writer.append(.resumed)
        try writer.append(.stopped(.init(reason: "stop", resumable: true)))
        let lines = sink.text.split(separator: "\n", omittingEmptySubsequences: false)
        // header, paused, the 10-byte fragment, resumed, stopped, "".
        #expect(lines.count == 6)
        #expect(lines[2] == #"{"seq":2,""#)
        #expect(lines[3].hasPrefix(#"{"seq":2,"t":0.0,"type":"resumed"#))
        // Strict reading names the broken line; lenient reading skips it.
        #expect {
            try SessionReader.read(bytes: sink.bytes, name: "s.jsonl")
        } throws: { error in
            (error as? SPOError)?.message.hasPrefix("s.jsonl:3: invalid JSON") == true
        }
        let lenient = try SessionReader.read(bytes: sink.bytes, name: "s.jsonl", mode: .lenient)
        #expect(lenient.events.map(\.seq) == [1, 2, 3])
        #expect(lenient.skipped.map(\.line) == [3])
    }

    @Test func devFullGivesAClearError() throws {
        let sink = try FileSink(path: "/dev/full", mode: .append)
        #expect {
            try SessionWriter(path: "/dev/full", sink: sink, header: SessionHeader(created: "x", config: [:]))
        } throws: { error in
            (error as? SPOError)?.message == "cannot write session file /dev/full: write failed: No space left on device (ENOSPC)"
        }
        // Appending after a successful start fails the same way.
        let writer = try SessionWriter(path: "/dev/full", sink: try FileSink(path: "/dev/full", mode: .append), header: nil)
        #expect {
            try writer.append(.paused)
        } throws: { error in
            (error as? SPOError)?.message.contains("No space left on device (ENOSPC)") == true
        }
    }

    @Test func fsyncAtMostEveryHalfSecondOrOnKeyEvents() throws {
        let sink = FakeSink()
        let clock = FakeClock()
        let writer = try makeWriter(sink, clock: clock)
        #expect(sink.syncs == 1)  // the header
        for n in 0..<20 {
            clock.now = Double(n) * 0.01
            try writer.append(.evaluationProgress(.init(node: EventSamples.node, split: .train, done: n, of: 20, correct: 0)))
        }
        #expect(sink.syncs == 1)
        clock.now = 0.7
        try writer.append(.paused)  // a key event
        #expect(sink.syncs == 2)
        clock.now = 0.8
        try writer.append(.warning(message: "w"))
        #expect(sink.syncs == 2)
        clock.now = 1.3
        try writer.append(.warning(message: "w"))
        #expect(sink.syncs == 3)
        try writer.append(.selection(.init(iteration: 1, phase: .inner, kept: [:], currentSystem: "S1")))
        #expect(sink.syncs == 4)
        try writer.close()
        #expect(sink.syncs == 5 && sink.closed)
        #expect(throws: SPOError.self) { try writer.append(.paused) }
    }

    @Test func runIDsAreSafeFileNamesAndNeverOverwrite() throws {
        let dir = TempDir()
        for bad in ["../evil", "a/b", "", ".hidden", "x\u{0}y", "naïve"] {
            #expect(throws: SPOError.self) { try SessionWriter.create(directory: dir.path, runID: bad, config: [:]) }
        }
        let a = try SessionWriter.create(directory: dir.path, runID: "same", config: [:])
        let b = try SessionWriter.create(directory: dir.path, runID: "same", config: [:])
        #expect(a.path.hasSuffix("/same.jsonl") && b.path.hasSuffix("/same-2.jsonl"))
        #expect(SessionWriter.makeRunID(Date(timeIntervalSince1970: 0)) == "1970-01-01T00-00-00")
    }
}
