import CNcursesw
import Foundation

/// Restores the terminal however the process ends: at exit (an `exit()` from
/// anywhere) and on crashing signals, where it leaves curses mode and then
/// lets the signal take its default course.
final class TerminalGuard: @unchecked Sendable {
    static let shared = TerminalGuard()

    private let lock = NSLock()
    private var active = false
    private var installed = false

    var isActive: Bool { lock.withLock { active } }

    func activate() {
        let first = lock.withLock {
            active = true
            defer { installed = true }
            return !installed
        }
        guard first else { return }
        atexit {
            if TerminalGuard.shared.isActive { endwin() }
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                // Not async-signal-safe, but the process is dying and a raw
                // terminal is worse than the small risk. Then the handler that
                // was there before (Swift's backtracer) gets the fault when the
                // instruction runs again.
                endwin()
                if sig >= 0, sig < 64 { _ = sigaction(sig, &previousActions[Int(sig)], nil) }
            }
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, &previousActions[Int(sig)])
        }
    }

    func deactivate() {
        lock.withLock { active = false }
    }
}

/// The crash handlers found before ours, by signal number. Written once when
/// the first terminal opens, read only by the crash handler.
nonisolated(unsafe) private var previousActions: [sigaction] = Array(repeating: sigaction(), count: 64)
