import SPOCore

/// The failure analysis behind the selected candidate (or the latest one made
/// of it), beside the wrong examples it was written from: question (when the
/// task data is known), the reply, what was read from it and the gold answer.
enum AnalysisView {
    static func draw(_ state: DashboardState, in rect: Rect, sideBySide: Bool, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        let focused = state.ui.focus == .analysis && state.ui.overlay == nil
        guard let id = state.selectedCandidate, let a = run.analysis(for: id) else {
            PaneFrame.draw(Pane.analysis.title, in: rect, focused: focused, on: &screen)
            let text = state.selectedCandidate.map { "no analysis of \($0) yet (analyses come with rewrites)" } ?? "select a prompt to see its failure analysis"
            screen.wrap(text, in: rect.inner, role: .dim)
            return
        }
        let led = run.candidates(from: a.id)
        var title = "\(Pane.analysis.title) \(a.id) of \(a.event.target)"
        if !led.isEmpty { title += " " + (ascii ? "->" : "→") + " " + led.joined(separator: " ") }
        if a.event.cut { title += " (cut at its token cap)" }
        PaneFrame.draw(title, in: rect, focused: focused, on: &screen)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let examples = run.examples(of: a)
        let scroll = state.ui.analysisScroll
        if sideBySide {
            let leftWidth = (inner.width - 1) / 2
            let (left, rest) = inner.splitLeft(leftWidth)
            let (divider, right) = rest.splitLeft(1)
            screen.fill(divider, glyph: ascii ? "|" : "│", role: .border)
            let text = TextWrap.lines(a.event.text, width: left.width, ascii: ascii)
            screen.draw(lines: text, in: left, scroll: min(scroll, max(0, text.count - left.height)))
            let ex = exampleLines(examples, a: a, state: state, width: right.width, ascii: ascii)
            screen.draw(lines: ex, in: right, scroll: min(scroll, max(0, ex.count - right.height)))
        } else {
            var lines = TextWrap.lines(a.event.text, width: inner.width, ascii: ascii)
            lines += TextWrap.lines((ascii ? "--" : "──") + " wrong examples shown: " + shownList(a, examples), width: inner.width, role: .dim, ascii: ascii)
            lines += exampleLines(examples, a: a, state: state, width: inner.width, ascii: ascii)
            screen.draw(lines: lines, in: inner, scroll: min(scroll, max(0, lines.count - inner.height)))
        }
    }

    /// "object_counting #39 #21, navigate #39": by task when the examples are
    /// known, since indices repeat across tasks.
    static func shownList(_ a: AnalysisEntry, _ examples: [(task: String, example: EngineEvent.WrongExample)]) -> String {
        guard !examples.isEmpty else { return a.event.examples.map { "#\($0)" }.joined(separator: " ") }
        var tasks: [String] = []
        var indices: [String: [String]] = [:]
        for (task, e) in examples {
            if indices[task] == nil { tasks.append(task) }
            indices[task, default: []].append("#\(e.i)")
        }
        return tasks.map { "\($0) " + indices[$0]!.joined(separator: " ") }.joined(separator: ", ")
    }

    static func exampleLines(_ examples: [(task: String, example: EngineEvent.WrongExample)], a: AnalysisEntry, state: DashboardState, width: Int, ascii: Bool) -> [[Glyph]] {
        var out: [[Glyph]] = []
        if examples.isEmpty {
            out += TextWrap.lines("examples \(a.event.examples.map(String.init).joined(separator: ", ")) (their replies are not in the events yet)", width: width, role: .dim, ascii: ascii)
            return out
        }
        for (task, w) in examples {
            var head = InertText.glyphs("#\(w.i) \(task)  ", role: .title, ascii: ascii)
            head += InertText.glyphs("gold ", role: .dim, ascii: ascii) + InertText.glyphs(w.gold, role: .scoreUp, ascii: ascii)
            head += InertText.glyphs("  read ", role: .dim, ascii: ascii) + InertText.glyphs(w.prediction ?? "(no answer)", role: .scoreDown, ascii: ascii)
            out += TextWrap.lines(paragraphs: [head], width: width)
            if let q = state.questions[task], w.i >= 0, w.i < q.count {
                out += TextWrap.lines("Q: " + Format.preview(q[w.i]), width: width, role: .text, ascii: ascii).prefix(3)
            }
            let reply = TextWrap.lines("A: " + Format.preview(w.response), width: width, role: .dim, ascii: ascii)
            out += reply.prefix(3)
            out.append([])
        }
        return out
    }
}
