import Foundation
public import SPOCore

/// Keeps events in memory: for runs without a session file, and tests.
public final class MemorySink: EventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [EventRecord]
    private let started = ContinuousClock.now
    private let timeOffset: Double

    /// - Parameter records: events already kept (a resumed run continues after them).
    public init(records: [EventRecord] = []) {
        stored = records
        timeOffset = records.last?.t ?? 0
    }

    public var records: [EventRecord] { lock.withLock { stored } }

    public func append(_ event: EngineEvent) throws -> EventRecord {
        lock.withLock {
            let elapsed = ContinuousClock.now - started
            let t = timeOffset + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let record = EventRecord(seq: (stored.last?.seq ?? 0) + 1, t: (t * 1000).rounded() / 1000, event: event)
            stored.append(record)
            return record
        }
    }

    public func truncate(fromSeq seq: Int) throws {
        lock.withLock { stored.removeAll { $0.seq >= seq } }
    }
}
