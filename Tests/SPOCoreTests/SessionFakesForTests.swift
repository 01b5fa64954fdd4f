import Foundation
@testable import SPOCore

/// A session sink in memory that fails when told to: a write can stop after
/// some bytes with an OS error, and truncation can be made to fail too.
final class FakeSink: SessionSink {
    var bytes: [UInt8] = []
    /// The next write puts this many bytes in, then fails with `failCode`.
    var failNextWrite: Int?
    var failCode: Int32 = ENOSPC
    var truncateFails = false
    var syncs = 0
    var closed = false

    func write(_ data: [UInt8]) throws(SessionIOError) {
        if let keep = failNextWrite {
            failNextWrite = nil
            bytes += data.prefix(keep)
            throw SessionIOError(operation: "write", code: failCode)
        }
        bytes += data
    }

    func sync() throws(SessionIOError) { syncs += 1 }

    func truncate(to length: Int) throws(SessionIOError) {
        if truncateFails { throw SessionIOError(operation: "truncate", code: EIO) }
        bytes.removeSubrange(length...)
    }

    func size() throws(SessionIOError) -> Int { bytes.count }

    func close() throws(SessionIOError) { closed = true }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A clock the test moves by hand.
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double = 0

    var now: Double {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }

    var clock: SessionWriter.Clock { { self.now } }
}
