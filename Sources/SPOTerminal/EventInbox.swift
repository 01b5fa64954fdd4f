import Foundation
public import SPOCore

/// Events handed from the engine's side (any thread) to the terminal thread,
/// which drains them once per frame.
public final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [EventRecord] = []
    private var closed = false

    public init() {}

    public func push(_ record: EventRecord) {
        lock.withLock { pending.append(record) }
    }

    /// No more events will come (the engine's stream ended).
    public func close() {
        lock.withLock { closed = true }
    }

    public var isClosed: Bool { lock.withLock { closed } }

    /// Everything pushed since the last drain.
    public func drain() -> [EventRecord] {
        lock.withLock {
            let out = pending
            pending = []
            return out
        }
    }
}
