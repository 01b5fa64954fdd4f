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
            // A dispatch source only sees the signal if its default action is off.
            ignore(sig)
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
private func ignore(_ sig: Int32) { _ = signal(sig, SIG_IGN) }
