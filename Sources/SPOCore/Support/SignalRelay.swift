import Foundation

/// The process's one way of hearing SIGINT, SIGTERM and SIGHUP.
///
/// A `sigaction` handler writes the signal's number to a pipe (the only thing it
/// does, which is async-signal-safe); a thread of the relay reads the pipe and
/// calls the subscribers, in the order they subscribed, outside the signal
/// context. Every part of metaspo that reacts to these signals (the run driver,
/// the dashboard, the local server's exit hooks, setup) subscribes here, so no
/// one overwrites another's disposition.
///
/// Why not `DispatchSource.makeSignalSource`: on Linux it reads a `signalfd`,
/// which only sees signals that every thread blocks. Any thread that does not
/// (the main thread, Swift's pool, NIO, the dashboard's) takes the signal
/// itself, and with the `SIG_IGN` those sources need, the signal is lost.
///
/// A signal with no subscriber left gets the disposition that was there before
/// the relay's handler (usually the default: the process dies by it).
public final class SignalRelay: @unchecked Sendable {
    public static let shared = SignalRelay()

    /// The signals that ask a process to end.
    public static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// A handle to stop receiving signals.
    public struct Subscription: Sendable, Hashable {
        fileprivate let id: Int
    }

    private struct Subscriber {
        var id: Int
        var signals: Set<Int32>
        var handler: @Sendable (Int32) -> Void
    }

    private let lock = NSLock()
    private var subscribers: [Subscriber] = []
    private var nextID = 1
    /// Dispositions found before the relay's handler, by signal.
    private var previous: [Int32: sigaction] = [:]
    private var readEnd: Int32 = -1

    private init() {}

    /// Calls `handler` on the relay's thread for each of `signals` that
    /// arrives until `unsubscribe`. Keep it short: other subscribers wait.
    public func subscribe(_ signals: [Int32] = SignalRelay.terminating, _ handler: @escaping @Sendable (Int32) -> Void) -> Subscription {
        lock.withLock {
            startIfNeeded()
            let id = nextID
            nextID += 1
            subscribers.append(Subscriber(id: id, signals: Set(signals), handler: handler))
            for sig in signals where previous[sig] == nil {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = relayHandler
                action.sa_flags = Int32(SA_RESTART)
                sigemptyset(&action.sa_mask)
                var old = sigaction()
                if sigaction(sig, &action, &old) == 0 { previous[sig] = old }
            }
            return Subscription(id: id)
        }
    }

    /// Stops calling the subscription's handler. A signal nobody listens to
    /// any more gets its earlier disposition back.
    public func unsubscribe(_ subscription: Subscription) {
        lock.withLock {
            subscribers.removeAll { $0.id == subscription.id }
            for (sig, old) in previous where !subscribers.contains(where: { $0.signals.contains(sig) }) {
                var restore = old
                sigaction(sig, &restore, nil)
                previous[sig] = nil
            }
        }
    }

    /// Whether anyone listens to `sig` now (for tests).
    public func isHandling(_ sig: Int32) -> Bool {
        lock.withLock { previous[sig] != nil }
    }

    /// Opens the pipe and starts the reader thread, once. Called with the lock held.
    private func startIfNeeded() {
        guard readEnd < 0 else { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("SignalRelay: pipe() failed (errno \(errno))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // A full pipe must never block the handler; a dropped byte only loses
        // a repeat of a signal that is still waiting to be read.
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        readEnd = fds[0]
        relayWriteEnd = fds[1]
        let fd = fds[0]
        let thread = Thread { [unowned self] in self.readLoop(fd) }
        thread.name = "metaspo-signals"
        thread.start()
    }

    private func readLoop(_ fd: Int32) {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n == 1 {
                deliver(Int32(byte))
            } else if n < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private func deliver(_ sig: Int32) {
        let handlers = lock.withLock { subscribers.filter { $0.signals.contains(sig) }.map(\.handler) }
        guard !handlers.isEmpty else {
            // The last subscriber left between the signal and now: act as if
            // the relay had not been there.
            lock.withLock {
                if var old = previous.removeValue(forKey: sig) { sigaction(sig, &old, nil) }
            }
            raise(sig)
            return
        }
        for handler in handlers { handler(sig) }
    }
}

/// The pipe's write end, set once before any handler is installed; the
/// handler only reads it.
nonisolated(unsafe) private var relayWriteEnd: Int32 = -1

/// The `sigaction` handler: one byte per signal into the pipe, errno kept.
private func relayHandler(_ sig: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: sig)
    _ = write(relayWriteEnd, &byte, 1)
    errno = saved
}
