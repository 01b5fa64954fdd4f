import SPOCore

/// The last line: the search being typed, the latest message, or key hints;
/// the focused pane on the right.
enum StatusBar {
    static func draw(_ state: DashboardState, in rect: Rect, on screen: inout Screen) {
        let ascii = screen.ascii
        screen.fill(rect)
        var right: [Glyph] = []
        if !state.ui.search.query.isEmpty, !state.ui.search.editing {
            right += InertText.glyphs("search \"\(state.ui.search.query)\" ", role: .dim, ascii: ascii)
        }
        if let m = state.ui.marked { right += InertText.glyphs("marked \(m) ", role: .pinned, ascii: ascii) }
        right += InertText.glyphs("[\(state.ui.focus.title)] ", role: .dim, ascii: ascii)
        let leftRect = Rect(x: rect.x, y: rect.y, width: max(0, rect.width - right.displayWidth - 1), height: 1)
        if state.ui.search.editing {
            screen.put(InertText.glyphs(" /", role: .title, ascii: ascii) + InertText.glyphs(state.ui.search.draft, ascii: ascii) + [Glyph(ascii ? "_" : "▏", role: .title)], in: leftRect)
        } else if let m = state.ui.message {
            screen.put(" " + m, in: leftRect, role: .warning)
        } else {
            screen.put(hints(state), in: leftRect)
        }
        screen.putRight(right, in: rect)
    }

    static func hints(_ state: DashboardState) -> [Glyph] {
        let ascii = state.ui.ascii
        var pairs: [(String, String)] = [("?", "help"), ("Tab", "pane"), ("Enter", "detail"), ("m", "mark"), ("d", "diff")]
        if state.mode == .live {
            pairs += [("p", CommandName.pin.rawValue), ("x", CommandName.prune.rawValue), ("a", CommandName.add.rawValue), ("space", (state.run.paused ? CommandName.resume : .pause).rawValue)]
        } else {
            pairs += [("space", state.ui.replay.paused ? "play" : CommandName.pause.rawValue), ("+/-", "speed"), (".", "step"), ("[ ]", "iteration")]
        }
        pairs += [("/", "search"), ("q", "quit")]
        var g: [Glyph] = [Glyph(" ")]
        for (k, (key, what)) in pairs.enumerated() {
            if k > 0 { g += InertText.glyphs("  ", ascii: ascii) }
            g += InertText.glyphs(key, role: .title, ascii: ascii)
            g += InertText.glyphs(" " + what, role: .dim, ascii: ascii)
        }
        return g
    }
}
