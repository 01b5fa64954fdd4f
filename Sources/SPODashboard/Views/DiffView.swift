import SPOCore

/// Two candidates side by side, word diff coloured: removed words on the left
/// (the older), added words on the right. Both columns wrap and scroll together.
enum DiffView {
    static func draw(old: String, new: String, _ state: DashboardState, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        let rect = OverlayFrame.rect(for: screen.size)
        guard let a = run.candidates[old], let b = run.candidates[new] else { return }
        let diff = WordDiff(old: a.text, new: b.text)
        let relation = b.parent == old ? " (parent)" : ""
        screen.box(rect, title: "diff \(old)\(relation) \(ascii ? "->" : "→") \(new) · -\(diff.removedWords) +\(diff.addedWords) words", role: .title)
        let inner = rect.inner
        guard inner.height >= 2 else { return }
        let colWidth = (inner.width - 3) / 2
        let left = Rect(x: inner.x + 1, y: inner.y, width: colWidth, height: inner.height)
        let divider = Rect(x: left.maxX, y: inner.y, width: 1, height: inner.height)
        let right = Rect(x: divider.maxX + 1, y: inner.y, width: inner.maxX - divider.maxX - 1, height: inner.height)
        screen.fill(divider, glyph: ascii ? "|" : "│", role: .border)

        let head = 2
        screen.put(header(old, a), in: left.row(0), role: .title)
        screen.put(header(new, b), in: right.row(0), role: .title)
        screen.fill(Rect(x: left.x, y: left.y + 1, width: left.width, height: 1), glyph: ascii ? "-" : "─", role: .border)
        screen.fill(Rect(x: right.x, y: right.y + 1, width: right.width, height: 1), glyph: ascii ? "-" : "─", role: .border)

        let leftLines = TextWrap.lines(paragraphs: diff.paragraphs(newSide: false, ascii: ascii), width: left.width)
        let rightLines = TextWrap.lines(paragraphs: diff.paragraphs(newSide: true, ascii: ascii), width: right.width)
        let body = left.height - head
        let total = max(leftLines.count, rightLines.count)
        let scroll = OverlayFrame.clamp(state.ui.overlayScroll, lines: total, height: body)
        screen.draw(lines: leftLines, in: Rect(x: left.x, y: left.y + head, width: left.width, height: body), scroll: scroll)
        screen.draw(lines: rightLines, in: Rect(x: right.x, y: right.y + head, width: right.width, height: body), scroll: scroll)
        let pos = OverlayFrame.position(scroll, lines: total, height: body, ascii: ascii)
        screen.boxFooter(rect, (pos.isEmpty ? "" : pos + " · ") + "Enter detail · Esc close")
    }

    static func header(_ id: String, _ c: CandidateEntry) -> String {
        var s = id
        if let t = c.task { s += " · " + t }
        s += " · " + (c.origin == .initial ? CandidateOrigin.initial.rawValue : c.parent.map { "from " + $0 } ?? c.origin.rawValue)
        return s
    }
}
