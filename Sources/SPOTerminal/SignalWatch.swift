import Foundation

/// Notices SIGINT, SIGTERM and SIGHUP while the dashboard runs, so the loop
/// can leave curses mode before anything else happens. Other handlers of the
/// same signals (the run driver's stop) still run.
final class SignalWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var caught: Int32?
    private var sources: [any DispatchSourceSignal] = []

    init(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        for sig in signals {
            // The default action would kill the process before the source sees
            // the signal. A disposition someone else set (the run driver's own
            // dispatch source installs a handler) must stay: overwriting it with
            // SIG_IGN would make the kernel drop the signal for everyone.
            ignoreIfDefault(sig)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.note(sig) }
            source.resume()
            sources.append(source)
        }
    }

    private func note(_ sig: Int32) {
        lock.withLock { if caught == nil { caught = sig } }
    }

    /// The first signal caught, if any.
    var signal: Int32? { lock.withLock { caught } }

    func cancel() {
        for s in sources { s.cancel() }
        sources = []
    }
}

// The property `signal` hides the C function inside the class.
private func ignoreIfDefault(_ sig: Int32) {
    var current = sigaction()
    guard sigaction(sig, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil else { return }
    _ = signal(sig, SIG_IGN)
}
