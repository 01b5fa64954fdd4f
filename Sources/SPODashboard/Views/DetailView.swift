import SPOCore

/// A candidate in full: where it came from, its scores under every system
/// prompt (or over every node, for a system prompt), and its text, wrapped.
enum DetailView {
    static func draw(_ id: String, _ state: DashboardState, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        let rect = OverlayFrame.rect(for: screen.size)
        guard let c = run.candidates[id] else { return }
        let kind = c.kind == .system ? "system prompt" : "user prompt for \(c.task ?? "?")"
        screen.box(rect, title: "\(id) · \(kind)", role: .title)
        let inner = rect.inner.inset(by: 0)
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        var lines: [[Glyph]] = []
        func para(_ s: String, _ role: Role = .text) { lines += TextWrap.lines(s, width: body.width, role: role, ascii: ascii) }

        var facts: [String] = ["origin " + c.origin.rawValue]
        if let p = c.parent { facts.append((c.secondParent == nil ? "parent " : "parents ") + p + (c.secondParent.map { " and " + $0 } ?? "")) }
        if let a = c.analysis { facts.append("analysis " + a) }
        facts.append("written in iteration \(c.iteration)")
        if state.isPinned(id) { facts.append("pinned") }
        if state.isPruned(id) { facts.append("pruned") }
        if let drop = run.raceDrops[id] { facts.append(drop.sentence) }
        if c.kind == .user, run.isKept(id) { facts.append("kept") }
        if c.kind == .system, let k = run.population.firstIndex(of: id) { facts.append("front member \(k + 1) of \(run.population.count)") }
        if c.kind == .system, run.bestSoFar == id { facts.append(run.bestSystem == id ? "best" : "current") }
        if c.rejections > 0 { facts.append("\(c.rejections) rewrite(s) rejected, last: \(c.lastRejection ?? "")") }
        para(facts.joined(separator: " · "), .dim)
        lines.append([])

        var scoreLines: [String] = []
        if c.kind == .system {
            if let s = run.systemScore(id) { scoreLines.append("\(run.validates ? "validation" : Split.train.rawValue), mean over kept prompts: \(Format.percent(s))" + (run.systemDelta(id).map { " (\(Format.delta($0)) against \(c.parent ?? "parent"))" } ?? "")) }
            if let cost = run.answerCost(system: id) {
                scoreLines.append("answers: \(Format.tokensShort(cost.tokens)) tokens each on average over \(cost.replies) on \(run.validates ? "train and validation" : Split.train.rawValue)" + (cost.cut > 0 ? ", \(cost.cut) cut at the cap" : ""))
            }
            let created = { (id: String) in run.candidates[id]?.createdSeq ?? Int.max }
            // Validation, train, then test; then tasks and user prompts in the order they came.
            for key in run.scores.keys.filter({ $0.node.system == id }).sorted(by: { ($1.split, $0.node.task, created($0.node.user)) < ($0.split, $1.node.task, created($1.node.user)) }) {
                let e = run.scores[key]!
                scoreLines.append("\(key.split) \(key.node.user) \(key.node.task): \(Format.percent(e.score)) of \(e.n)\(Format.answerCost(tokens: e.answerTokens, cut: e.cut))")
            }
        } else {
            let created = { (id: String) in run.candidates[id]?.createdSeq ?? Int.max }
            for key in run.scores.keys.filter({ $0.node.user == id }).sorted(by: { ($1.split, created($0.node.system)) < ($0.split, created($1.node.system)) }) {
                let e = run.scores[key]!
                scoreLines.append("\(key.split) under \(key.node.system): \(Format.percent(e.score)) of \(e.n), \(e.wrongCount) wrong\(Format.answerCost(tokens: e.answerTokens, cut: e.cut))")
            }
        }
        if scoreLines.isEmpty { scoreLines.append("not scored yet") }
        // Why it was taken or not: the acceptance decisions it was part of.
        for d in run.decisions where d.candidate == id || d.incumbent == id { scoreLines.append(d.sentence) }
        lines += InertText.glyphs("Scores", role: .title, ascii: ascii).wrappedAsLine
        for s in scoreLines { para("  " + s) }
        lines.append([])
        lines += InertText.glyphs("Text (\(c.text.count) characters)", role: .title, ascii: ascii).wrappedAsLine
        para(c.text)

        let scroll = OverlayFrame.clamp(state.ui.overlayScroll, lines: lines.count, height: body.height)
        screen.draw(lines: lines, in: body, scroll: scroll)
        let pos = OverlayFrame.position(scroll, lines: lines.count, height: body.height, ascii: ascii)
        // d is offered only when there is something to compare with.
        let canDiff = (state.ui.marked ?? c.parent).map { $0 != id } ?? false
        screen.boxFooter(rect, (pos.isEmpty ? "" : pos + " · ") + (canDiff ? "d diff · " : "") + "b blame · Esc close")
    }
}

extension Array where Element == Glyph {
    /// This line as a one-line block.
    var wrappedAsLine: [[Glyph]] { [self] }
}
