/// Every key of the dashboard. The help overlay is generated from this list,
/// so a key cannot work without being documented.
public struct Keymap: Sendable, Hashable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The action of a key in a mode, if any.
    public func action(for key: Key, mode: DashboardMode) -> KeyAction? {
        bindings.first { $0.keys.contains(key) && $0.applies(in: mode) }?.action
    }

    /// Bindings that apply in a mode, in order, grouped by section.
    public func sections(for mode: DashboardMode) -> [(title: String, bindings: [KeyBinding])] {
        var out: [(title: String, bindings: [KeyBinding])] = []
        for b in bindings where b.applies(in: mode) {
            if out.last?.title == b.section {
                out[out.count - 1].bindings.append(b)
            } else {
                out.append((b.section, [b]))
            }
        }
        return out
    }

    /// The first key bound to an action (for hints).
    public func key(for action: KeyAction) -> Key? {
        bindings.first { $0.action == action }?.keys.first
    }

    public static let standard = Keymap(bindings: [
        KeyBinding([.up, .char("k")], .up, "move up", section: "Move"),
        KeyBinding([.down, .char("j")], .down, "move down", section: "Move"),
        KeyBinding([.left, .char("h")], .collapse, "collapse a system prompt / go to its parent row", section: "Move"),
        KeyBinding([.right, .char("l")], .expand, "expand a system prompt", section: "Move"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, "page up", section: "Move"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, "page down", section: "Move"),
        KeyBinding([.home, .char("g")], .top, "first row", section: "Move"),
        KeyBinding([.end, .char("G")], .bottom, "last row", section: "Move"),
        KeyBinding([.tab], .nextPane, "next pane", section: "Move"),
        KeyBinding([.backTab], .previousPane, "previous pane", section: "Move"),

        KeyBinding([.enter], .detail, "prompt detail of the selected candidate", section: "Candidates"),
        KeyBinding([.char("m")], .mark, "mark the selected candidate (again: unmark)", section: "Candidates"),
        KeyBinding([.char("d")], .diff, "word diff: marked vs selected (else selected vs its parent)", section: "Candidates"),
        KeyBinding([.char("b")], .blame, "blame: where each sentence of the selected prompt came from (Enter: its candidate and analysis)", section: "Candidates"),
        KeyBinding([.char("p")], .pin, "pin: keep it whatever its score", section: "Candidates", scope: .live),
        KeyBinding([.char("x")], .prune, "prune: never evaluate or keep it again", section: "Candidates", scope: .live),
        KeyBinding([.char("a")], .add, "add a hand-written prompt ($EDITOR, or an inline editor)", section: "Candidates", scope: .live),
        KeyBinding([.char("/")], .search, "search prompt texts", section: "Candidates"),
        KeyBinding([.char("n")], .nextMatch, "next match", section: "Candidates"),
        KeyBinding([.char("N")], .previousMatch, "previous match", section: "Candidates"),
        KeyBinding([.char("e")], .export, "export the selected prompt to a file", section: "Candidates"),

        KeyBinding([.char(" ")], .pauseResume, "pause / resume the run", section: "Run", scope: .live),
        KeyBinding([.char(" ")], .pauseResume, "pause / resume the replay", section: "Replay", scope: .replay),
        KeyBinding([.char("+"), .char("=")], .faster, "replay faster", section: "Replay", scope: .replay),
        KeyBinding([.char("-")], .slower, "replay slower", section: "Replay", scope: .replay),
        KeyBinding([.char(".")], .step, "one event forward (pauses)", section: "Replay", scope: .replay),
        KeyBinding([.char("]")], .nextIteration, "jump to the next iteration", section: "Replay", scope: .replay),
        KeyBinding([.char("[")], .previousIteration, "jump back to the previous iteration", section: "Replay", scope: .replay),

        KeyBinding([.char("?")], .help, "this help", section: "Views"),
        KeyBinding([.char("c")], .chart, "chart: scores per task by iteration", section: "Views"),
        KeyBinding([.escape], .close, "close the overlay / cancel", section: "Views"),
        KeyBinding([.char("q")], .quit, "quit (on a live run: stop it resumably, after asking)", section: "Views"),
    ])
}

extension KeyBinding {
    func applies(in mode: DashboardMode) -> Bool {
        switch scope {
        case .always: true
        case .live: mode == .live
        case .replay: mode == .replay
        }
    }
}
