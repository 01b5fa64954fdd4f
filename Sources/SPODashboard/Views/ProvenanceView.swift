import Foundation
import SPOCore

/// A prompt with each sentence under the candidate that wrote it ("blame"):
/// the label (id, iteration, analysis, score change against its parent on
/// the selection split) in the left column, the sentence wrapped on the
/// right; the chosen sentence is highlighted.
enum ProvenanceView {
    static func draw(_ id: String, _ state: DashboardState, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        let rect = OverlayFrame.rect(for: screen.size)
        guard let p = run.provenance(of: id), let c = run.candidates[id] else { return }
        screen.box(rect, title: "\(id) · where each sentence came from (\(p.steps.count) step\(p.steps.count == 1 ? "" : "s"))", role: .title)
        let inner = rect.inner
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        guard body.width > 20, body.height > 0 else { return }
        let labels = p.sentences.map { p.label($0.introducedBy, compact: body.width < 110) }
        let labelWidth = min(max(8, labels.map(\.count).max() ?? 8), body.width / 3)
        let textWidth = body.width - labelWidth - 2
        let chosen = min(state.ui.overlayScroll, max(0, p.sentences.count - 1))
        var lines: [[Glyph]] = []
        var chosenLine = 0
        for (k, s) in p.sentences.enumerated() {
            if k == chosen { chosenLine = lines.count }
            let selected = k == chosen
            var text = s.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !s.editedBy.isEmpty { text += " (edited in \(s.editedBy.joined(separator: ", ")))" }
            let wrapped = TextWrap.lines(text, width: textWidth, role: selected ? .selected : .text, ascii: ascii)
            for (n, line) in wrapped.enumerated() {
                let label = n == 0 ? Format.pad(labels[k].count > labelWidth ? String(labels[k].prefix(labelWidth - 1)) + (ascii ? "~" : "…") : labels[k], labelWidth) : String(repeating: " ", count: labelWidth)
                lines.append(InertText.glyphs(label, role: selected ? .selected : .dim, ascii: ascii) + InertText.glyphs("  ", ascii: ascii) + line)
            }
        }
        if p.sentences.isEmpty { lines += TextWrap.lines("(empty prompt)", width: body.width, role: .dim, ascii: ascii) }
        lines.append([])
        let kind = c.kind == .system ? "system prompt" : "user prompt for \(c.task ?? "?")"
        lines += TextWrap.lines("\(kind); lineage " + p.steps.map(\.id).joined(separator: ascii ? " > " : " → "), width: body.width, role: .dim, ascii: ascii)
        // Keep the chosen sentence in view.
        let scroll = max(0, min(chosenLine - body.height / 3, lines.count - body.height))
        screen.draw(lines: lines, in: body, scroll: scroll)
        screen.boxFooter(rect, (ascii ? "Up/Down" : "↑↓") + " sentence · Enter its candidate and analysis · b/Esc close")
    }
}
