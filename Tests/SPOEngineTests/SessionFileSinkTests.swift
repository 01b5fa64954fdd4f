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

struct RequestGateTests {
    @Test func neverMoreThanItsPermitsAndCancellableWhileWaiting() async throws {
        let gate = RequestGate(permits: 2)
        let counter = InFlightCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await gate.acquire()
                    counter.enter()
                    try await Task.sleep(for: .milliseconds(2))
                    counter.leave()
                    gate.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(counter.peak == 2)
        // A waiter that is cancelled gives up without taking a permit.
        try await gate.acquire()
        try await gate.acquire()
        let waiter = Task { try await gate.acquire() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        gate.release()
        try await gate.acquire()
    }

    @Test func waitersGoLowestOrderFirstThenInArrivalOrder() async throws {
        let gate = RequestGate(permits: 1)
        try await gate.acquire()
        let served = OrderLog()
        var tasks: [Task<Void, any Error>] = []
        for (i, order) in [2, 1, 2, 1].enumerated() {
            tasks.append(Task {
                try await gate.acquire(order: order)
                served.add(i)
                gate.release()
            })
            while gate.waitingCount < i + 1 { await Task.yield() }
        }
        gate.release()
        for t in tasks { try await t.value }
        #expect(served.items == [1, 3, 0, 2])
    }
}

final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [Int] = []
    var items: [Int] { lock.withLock { log } }
    func add(_ i: Int) { lock.withLock { log.append(i) } }
}

final class InFlightCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var peak = 0
    func enter() { lock.withLock { now += 1; peak = max(peak, now) } }
    func leave() { lock.withLock { now -= 1 } }
}
