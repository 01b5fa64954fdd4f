import SPOCore

/// Small boxes: the quit confirmation and the inline editor.
enum DialogView {
    static func confirmQuit(paused: Bool = false, on screen: inout Screen) {
        let rect = screen.bounds.centered(width: 60, height: 6)
        screen.box(rect, title: "Quit?", role: .warning, titleRole: .warning)
        screen.wrap("Stop the run after the calls in flight and quit? The session stays resumable with metaspo resume.", in: Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: 3))
        screen.put("y: stop and quit    any other key: " + (paused ? "stay paused" : "keep running"), in: Rect(x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, height: 1), role: .title)
    }

    static func confirmStart(_ question: String, on screen: inout Screen) {
        let rect = screen.bounds.centered(width: 64, height: 8)
        screen.box(rect, title: "Start this run?", role: .warning, titleRole: .warning)
        screen.wrap(question.prefix(1).uppercased() + question.dropFirst() + ". Nothing has been called yet.", in: Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: 4))
        screen.put("y: start    n: do not start (no session is kept)", in: Rect(x: rect.x + 2, y: rect.maxY - 2, width: rect.width - 4, height: 1), role: .title)
    }

    static func editor(kind: CandidateKind, task: String?, text: String, on screen: inout Screen) {
        let ascii = screen.ascii
        let rect = OverlayFrame.rect(for: screen.size)
        let what = kind == .system ? "system prompt" : "user prompt for \(task ?? "?") (keep {question})"
        screen.box(rect, title: "New \(what)", role: .title)
        let body = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        var paragraphs = TextWrap.paragraphs(text, ascii: ascii)
        paragraphs[paragraphs.count - 1].append(Glyph(ascii ? "_" : "▏", role: .title))
        let lines = TextWrap.lines(paragraphs: paragraphs, width: body.width)
        screen.draw(lines: lines, in: body, scroll: max(0, lines.count - body.height))
        screen.boxFooter(rect, "Enter new line · Ctrl-S add · Esc cancel")
    }
}
