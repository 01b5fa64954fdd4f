import Foundation
import SPOCore
import Testing
@testable import SPOEngine

struct SessionFileSinkTests {
    @Test func truncateRewritesOwnerOnlyAndContinuesTheSequence() throws {
        let dir = NSTemporaryDirectory() + "metaspo-sink-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try SessionWriter.create(directory: dir, runID: "r", config: ["seed": 1])
        let sink = SessionFileSink(writer: writer)
        for i in 1...5 { _ = try sink.append(.warning(message: "w\(i)")) }
        try sink.truncate(fromSeq: 3)
        let next = try sink.append(.warning(message: "after"))
        #expect(next.seq == 3)
        try sink.close()
        let session = try SessionReader.read(path: sink.path)
        #expect(session.events.map(\.seq) == [1, 2, 3])
        #expect(session.events.last?.event == .warning(message: "after"))
        #expect(session.sequenceProblems().isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: sink.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: sink.path + ".rewrite"))
    }
}
