import Foundation
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
        let analysisText = Self.readable(a.event.text)
        if sideBySide {
            let leftWidth = (inner.width - 1) / 2
            let (left, rest) = inner.splitLeft(leftWidth)
            let (divider, right) = rest.splitLeft(1)
            screen.fill(divider, glyph: ascii ? "|" : "│", role: .border)
            let text = TextWrap.lines(analysisText, width: left.width, ascii: ascii)
            screen.draw(lines: text, in: left, scroll: min(scroll, max(0, text.count - left.height)))
            let ex = exampleLines(examples, a: a, state: state, width: right.width, ascii: ascii)
            screen.draw(lines: ex, in: right, scroll: min(scroll, max(0, ex.count - right.height)))
        } else {
            var lines = TextWrap.lines(analysisText, width: inner.width, ascii: ascii)
            lines += TextWrap.lines((ascii ? "--" : "──") + " wrong examples shown: " + shownList(a, examples), width: inner.width, role: .dim, ascii: ascii)
            lines += exampleLines(examples, a: a, state: state, width: inner.width, ascii: ascii)
            screen.draw(lines: lines, in: inner, scroll: min(scroll, max(0, lines.count - inner.height)))
        }
    }

    /// The first `n` wrapped lines, the last ending in `…` when more were cut.
    static func atMost(_ n: Int, _ lines: [[Glyph]], ascii: Bool) -> [[Glyph]] {
        guard lines.count > n else { return lines }
        var kept = Array(lines.prefix(n))
        var last = kept[n - 1]
        let mark = InertText.glyphs(ascii ? "..." : "…", role: last.last?.role ?? .text, ascii: ascii)
        if !last.isEmpty { last.removeLast(min(last.count, mark.count)) }
        kept[n - 1] = last + mark
        return kept
    }

    /// An analysis as a person reads it: the `<Analysis>` tags the optimizer
    /// was asked for and markdown emphasis (`**…**`, `#` headings) left out.
    /// The event keeps the reply's text exactly.
    static func readable(_ text: String) -> String {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            for tag in ["<Analysis>", "</Analysis>", "<analysis>", "</analysis>"] { line = line.replacingOccurrences(of: tag, with: "") }
            line = line.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") { line = String(trimmed.drop { $0 == "#" }.drop { $0 == " " }) }
            lines.append(line)
        }
        // No blank lines at the ends, none doubled where a tag stood alone.
        var out: [String] = []
        for l in lines where !(l.trimmingCharacters(in: .whitespaces).isEmpty && (out.last?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)) {
            out.append(l)
        }
        while let last = out.last, last.trimmingCharacters(in: .whitespaces).isEmpty { out.removeLast() }
        return out.joined(separator: "\n")
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
                out += Self.atMost(3, TextWrap.lines("Q: " + Format.preview(q[w.i]), width: width, role: .text, ascii: ascii), ascii: ascii)
            }
            out += Self.atMost(3, TextWrap.lines("A: " + Format.preview(w.response), width: width, role: .dim, ascii: ascii), ascii: ascii)
            out.append([])
        }
        return out
    }
}
