import Foundation
import SPOCore
public import SPODashboard

/// Runs the dashboard on the calling thread until a command says to quit or a
/// signal arrives: each frame it drains the event inbox, lets the caller
/// advance (a replay feeds events, a live run moves the clock), draws what
/// changed, and handles the keys that came in.
///
/// Call it from a thread of its own (`Thread`, not a Swift concurrency task):
/// it blocks, and every curses call must stay on that one thread.
public struct DashboardLoop {
    /// How the loop ended.
    public enum Ending: Sendable, Hashable {
        /// A command asked to quit.
        case quit
        /// SIGINT, SIGTERM or SIGHUP.
        case signal(Int32)
    }

    public var theme: Theme
    public var noColor: Bool
    public var logPath: String?
    /// Longest wait for a key between frames.
    public var frameMillis: Int32 = 40

    public init(theme: Theme, noColor: Bool, logPath: String?) {
        self.theme = theme
        self.noColor = noColor
        self.logPath = logPath
    }

    /// - Parameters:
    ///   - tick: called once per frame before drawing; returns whether it changed the state.
    ///   - command: handles what keys ask for (the terminal is there to suspend
    ///     for an editor); returns false to quit.
    public func run(
        _ state: inout DashboardState, inbox: EventInbox?,
        tick: (inout DashboardState) -> Bool,
        command: (DashboardCommand, inout DashboardState, CursesTerminal) -> Bool
    ) throws -> Ending {
        let terminal = try CursesTerminal(theme: theme, noColor: noColor, logPath: logPath)
        defer { terminal.close() }
        // Checked once per frame; the relay's thread only notes the signal,
        // so curses stays on this thread and `close()` restores the terminal.
        let caught = CaughtSignal()
        let subscription = SignalRelay.shared.subscribe { caught.note($0) }
        defer { SignalRelay.shared.unsubscribe(subscription) }
        if !terminal.utf8 { state.ui.ascii = true }
        state.resize(terminal.size)
        var dirty = true
        while true {
            if let sig = caught.signal { return .signal(sig) }
            if let inbox {
                let records = inbox.drain()
                if !records.isEmpty {
                    state.apply(records)
                    dirty = true
                }
            }
            if tick(&state) { dirty = true }
            if dirty {
                terminal.draw(Renderer.render(state, size: terminal.size))
                dirty = false
            }
            var input = terminal.read(timeoutMs: frameMillis)
            while let i = input {
                dirty = true
                switch i {
                case .resize:
                    state.resize(terminal.size)
                case .key(let key):
                    for c in state.update(key) where !command(c, &state, terminal) {
                        return .quit
                    }
                }
                input = terminal.read(timeoutMs: 0)
            }
        }
    }
}

/// The first signal the relay reported, read by the loop once per frame.
final class CaughtSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int32?

    func note(_ sig: Int32) {
        lock.withLock { if first == nil { first = sig } }
    }

    var signal: Int32? { lock.withLock { first } }
}
