import CNcursesw
import Foundation
public import SPODashboard

/// The real terminal through ncursesw. Every call must come from one thread
/// (curses is not thread-safe); `DashboardLoop` owns that thread.
///
/// While it is open, the process's stdout and stderr go to a log file (or
/// /dev/null) so that no stray print can tear the screen; curses itself
/// writes to a duplicate of the original stdout.
public final class CursesTerminal {
    /// Whether the locale is UTF-8 (otherwise draw ASCII only).
    public let utf8: Bool
    private var pairs: ColorPairs
    private var previous: Screen?
    private var screen: OpaquePointer?
    private var output: UnsafeMutablePointer<FILE>?
    private var input: UnsafeMutablePointer<FILE>?
    private var savedOut: Int32 = -1
    private var savedErr: Int32 = -1
    private let logPath: String?
    private var isOpen = false

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameters:
    ///   - noColor: attributes only (`NO_COLOR`, or a theme without colours).
    ///   - logPath: where stdout and stderr go meanwhile (nil: /dev/null).
    public init(theme: Theme, noColor: Bool, logPath: String?) throws {
        setlocale(LC_ALL, "")
        utf8 = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        self.logPath = logPath
        guard isatty(0) != 0, isatty(1) != 0 else { throw Failure(description: "the dashboard needs a terminal on stdin and stdout") }
        fflush(nil)
        output = fdopen(dup(1), "w")
        input = fdopen(dup(0), "r")
        guard let output, let input, let s = newterm(nil, output, input) else {
            throw Failure(description: "cannot start curses (is TERM set to a terminal type this system knows?)")
        }
        screen = s
        isOpen = true
        TerminalGuard.shared.activate()
        cbreak()
        // Flow control would swallow Ctrl-S (the editor's "add") and freeze the
        // screen; Ctrl-C still raises SIGINT. Curses restores the shell's modes at exit.
        var modes = termios()
        if tcgetattr(fileno(input), &modes) == 0 {
            modes.c_iflag &= ~tcflag_t(IXON | IXOFF)
            tcsetattr(fileno(input), TCSANOW, &modes)
        }
        noecho()
        nonl()
        keypad(spo_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let colors = !noColor && has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        pairs = ColorPairs(theme: noColor ? theme.withoutColors : theme, colors: colors)
        redirectOutput()
        // What `suspend` comes back to.
        def_prog_mode()
    }

    deinit { close() }

    /// The terminal's size now.
    public var size: Size { Size(width: Int(spo_cols()), height: Int(spo_lines())) }

    /// Copies a frame to the terminal, sending only cells that changed since
    /// the last one.
    public func draw(_ frame: Screen) {
        guard isOpen else { return }
        let full = previous?.size != frame.size
        if full {
            werase(spo_stdscr())
            clearok(spo_stdscr(), true)
        }
        for y in 0..<frame.height {
            var x = 0
            while x < frame.width {
                let cell = frame[x: x, y: y]
                if cell.isContinuation || (!full && previous![x: x, y: y] == cell) {
                    x += 1
                    continue
                }
                if cell.width == 1, cell.glyph.isASCII {
                    // A run of changed ASCII cells in one role goes in one call.
                    var run: [wchar_t] = []
                    let start = x
                    while x < frame.width {
                        let c = frame[x: x, y: y]
                        guard c.role == cell.role, c.width == 1, c.glyph.isASCII, full || previous![x: x, y: y] != c else { break }
                        run.append(wchar_t(c.glyph.asciiValue!))
                        x += 1
                    }
                    put(run, y: y, x: start, role: cell.role)
                } else {
                    // Other glyphs go one at a time at their own column, so a
                    // width the terminal sees differently cannot shift the row.
                    let scalars = cell.glyph.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
                    put(Array(scalars), y: y, x: x, role: cell.role)
                    x += max(1, Int(cell.width))
                }
            }
        }
        previous = frame
        wnoutrefresh(spo_stdscr())
        doupdate()
    }

    private func put(_ text: [wchar_t], y: Int, x: Int, role: Role) {
        text.withUnsafeBufferPointer { buf in
            _ = spo_put(Int32(y), Int32(x), buf.baseAddress, Int32(buf.count), pairs.attributes(role), pairs.pair(role))
        }
    }

    /// Forgets what is on screen, so the next frame is drawn in full.
    public func invalidate() {
        previous = nil
    }

    /// Waits up to `timeoutMs` for a key or a resize.
    public func read(timeoutMs: Int32) -> TerminalInput? {
        guard isOpen else { return nil }
        wtimeout(spo_stdscr(), timeoutMs)
        var code: wint_t = 0
        let status = get_wch(&code)
        if status == spo_err() { return nil }
        let decoded = KeyDecoder.decode(status: status, code: UInt32(code))
        if decoded == .resize { previous = nil }
        return decoded
    }

    /// Leaves curses mode to run something that needs the real terminal (an
    /// editor), then comes back and redraws everything.
    public func suspend<T>(_ body: () throws -> T) rethrows -> T {
        guard isOpen else { return try body() }
        def_prog_mode()
        endwin()
        restoreOutput()
        defer {
            redirectOutput()
            reset_prog_mode()
            previous = nil
            refresh()
        }
        return try body()
    }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        TerminalGuard.shared.deactivate()
        restoreOutput()
        if let s = screen { delscreen(s) }
        screen = nil
        if let output { fclose(output) }
        if let input { fclose(input) }
        output = nil
        input = nil
    }

    private func redirectOutput() {
        fflush(nil)
        let target = logPath.map { systemOpen($0, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC) } ?? systemOpen("/dev/null", O_WRONLY | O_CLOEXEC)
        let fd = target >= 0 ? target : systemOpen("/dev/null", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        savedOut = dup(1)
        savedErr = dup(2)
        dup2(fd, 1)
        dup2(fd, 2)
        systemClose(fd)
    }

    private func restoreOutput() {
        fflush(nil)
        if savedOut >= 0 {
            dup2(savedOut, 1)
            systemClose(savedOut)
            savedOut = -1
        }
        if savedErr >= 0 {
            dup2(savedErr, 2)
            systemClose(savedErr)
            savedErr = -1
        }
    }
}

// The class's own `close()` hides the C functions inside it.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags, 0o600) }
private func systemClose(_ fd: Int32) { _ = close(fd) }
