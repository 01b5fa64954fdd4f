import SPOCore

/// Every key of the mode, generated from the keymap, and what the marks mean.
enum HelpView {
    static func draw(_ state: DashboardState, on screen: inout Screen) {
        let ascii = screen.ascii
        let rect = OverlayFrame.rect(for: screen.size)
        screen.box(rect, title: "Keys" + (state.mode == .replay ? " (replay)" : ""), role: .title)
        let body = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let lines = lines(state, width: body.width, ascii: ascii)
        let scroll = OverlayFrame.clamp(state.ui.overlayScroll, lines: lines.count, height: body.height)
        screen.draw(lines: lines, in: body, scroll: scroll)
        let pos = OverlayFrame.position(scroll, lines: lines.count, height: body.height, ascii: ascii)
        screen.boxFooter(rect, (pos.isEmpty ? "" : pos + " · ") + "? or Esc close")
    }

    static func lines(_ state: DashboardState, width: Int, ascii: Bool) -> [[Glyph]] {
        var out: [[Glyph]] = []
        let keyWidth = 14
        let sections = state.keymap.sections(for: state.mode)
        // Two columns of sections when there is room for them.
        let columns = width >= 100 ? 2 : 1
        var blocks: [[[Glyph]]] = []
        for section in sections {
            var block: [[Glyph]] = [InertText.glyphs(section.title, role: .title, ascii: ascii)]
            for b in section.bindings {
                let helpWidth = max(10, width / columns - keyWidth - 4)
                let wrapped = TextWrap.lines(b.help, width: helpWidth, ascii: ascii)
                for (i, line) in wrapped.enumerated() {
                    let key = i == 0 ? b.label(ascii: ascii) : ""
                    block.append(InertText.glyphs("  " + Format.pad(key, keyWidth), role: .best, ascii: ascii) + line)
                }
            }
            block.append([])
            blocks.append(block)
        }
        var legend: [[Glyph]] = [InertText.glyphs("Marks in the tree", role: .title, ascii: ascii)]
        let marks: [(String, Role, String)] = [
            (ascii ? "*" : "★", .best, "best: the system prompt in use (or final), a task's first kept user prompt"),
            ("K", .kept, "kept among a task's top user prompts"),
            ("P", .pinned, "pinned: kept whatever its score"),
            ("X", .pruned, "pruned: never evaluated or kept again"),
            ("~", .dim, "dropped by racing: clearly worse on the examples so far; its dim score is on those"),
            ("!", .warning, "an optimizer rewrite of it was rejected"),
            (ascii ? "#" : "◆", .pinned, "marked with m, for d (diff)"),
            ("+3.1", .scoreUp, "change in points against its parent"),
        ]
        for (glyph, role, text) in marks {
            let wrapped = TextWrap.lines(text, width: max(10, width / columns - 12), ascii: ascii)
            for (i, line) in wrapped.enumerated() {
                legend.append(InertText.glyphs("  " + Format.pad(i == 0 ? glyph : "", 6), role: role, ascii: ascii) + line)
            }
        }
        blocks.append(legend)
        if columns == 1 { return blocks.flatMap { $0 } }
        // Split the blocks where the taller column is shortest.
        let sizes = blocks.map(\.count)
        let total = sizes.reduce(0, +)
        var cut = 1
        var best = Int.max
        var above = 0
        for k in 1..<max(2, blocks.count) {
            above += sizes[k - 1]
            let taller = max(above, total - above)
            if taller < best {
                best = taller
                cut = k
            }
        }
        let left = blocks[..<min(cut, blocks.count)].flatMap { $0 }
        let right = blocks[min(cut, blocks.count)...].flatMap { $0 }
        let colWidth = width / 2
        for i in 0..<max(left.count, right.count) {
            var line = i < left.count ? left[i] : []
            let pad = colWidth - line.displayWidth
            if pad > 0 { line += Array(repeating: Glyph(" "), count: pad) }
            if i < right.count { line += right[i] }
            out.append(line)
        }
        return out
    }
}
