import Foundation
import SPOCore
import Testing

/// The relay hands a signal to every subscriber, off the signal context, and
/// gives the signal its old disposition back when nobody listens any more.
/// SIGURG is used because its default action is to do nothing, so a relay
/// that failed could not kill the test runner.
@Suite(.serialized) struct SignalRelayTests {
    /// Collects the signals a subscriber was handed.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var signals: [Int32] = []
        func add(_ sig: Int32) { lock.withLock { signals.append(sig) } }
        var all: [Int32] { lock.withLock { signals } }
    }

    /// Polls until `condition` holds or 10 s pass (a loaded machine is slow, never this slow).
    func eventually(_ condition: () -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + .seconds(10)
        while !condition() {
            if ContinuousClock.now > end { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    @Test func everySubscriberHearsEachSignal() async throws {
        let a = Received(), b = Received()
        let first = SignalRelay.shared.subscribe([SIGURG]) { a.add($0) }
        let second = SignalRelay.shared.subscribe([SIGURG]) { b.add($0) }
        #expect(SignalRelay.shared.isHandling(SIGURG))
        kill(getpid(), SIGURG)
        #expect(try await eventually { a.all == [SIGURG] && b.all == [SIGURG] }, "a: \(a.all), b: \(b.all)")
        SignalRelay.shared.unsubscribe(first)
        kill(getpid(), SIGURG)
        #expect(try await eventually { b.all.count == 2 })
        #expect(a.all == [SIGURG], "an unsubscribed handler was called")
        SignalRelay.shared.unsubscribe(second)
        #expect(!SignalRelay.shared.isHandling(SIGURG))
    }

    @Test func theOldDispositionComesBack() {
        var before = sigaction()
        sigaction(SIGURG, nil, &before)
        let s = SignalRelay.shared.subscribe([SIGURG]) { _ in }
        SignalRelay.shared.unsubscribe(s)
        var after = sigaction()
        sigaction(SIGURG, nil, &after)
        // Handlers are C function pointers: compare their addresses (nil is 0, SIG_DFL).
        func address(_ a: sigaction) -> Int { unsafeBitCast(a.__sigaction_handler.sa_handler, to: Int.self) }
        #expect(address(after) == address(before))
    }
}
