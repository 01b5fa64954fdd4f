import SPOCore

/// The candidate tree: system prompts, under each the tasks and their user
/// prompts scored under it, with scores, change against the parent and marks.
enum TreeView {
    static func draw(_ state: DashboardState, in rect: Rect, on screen: inout Screen) {
        let run = state.run
        let focused = state.ui.focus == .tree && state.ui.overlay == nil
        PaneFrame.draw("Candidates (\(run.systems.count) system, \(run.order.count - run.systems.count) user)", in: rect, focused: focused, on: &screen)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let rows = state.treeRows()
        if rows.isEmpty {
            screen.put("waiting for the first candidates…", in: inner.row(0), role: .dim)
            return
        }
        let selected = state.selectedIndex(in: rows) ?? 0
        let top = DashboardState.scrollOffset(stored: state.ui.treeScroll, selected: selected, count: rows.count, height: inner.height)
        for (k, row) in rows[top...].prefix(inner.height).enumerated() {
            let line = inner.row(k)
            screen.put(glyphs(for: row, state: state, width: line.width, ascii: screen.ascii), in: line)
            if top + k == selected { screen.restyle(line, role: .selected) }
        }
        if rows.count > inner.height {
            screen.boxFooter(rect, "\(selected + 1)/\(rows.count)")
        }
    }

    static func glyphs(for row: TreeRowID, state: DashboardState, width: Int, ascii: Bool) -> [Glyph] {
        let run = state.run
        var g: [Glyph] = []
        func add(_ s: String, _ role: Role = .text) { g += InertText.glyphs(s, role: role, ascii: ascii) }
        // Column 0: the mark of `m`.
        if let c = row.candidate, c == state.ui.marked { add(ascii ? "#" : "◆", .pinned) } else { add(" ") }
        switch row {
        case .system(let s):
            add(state.isExpanded(s) ? (ascii ? "v " : "▾ ") : (ascii ? "> " : "▸ "), .dim)
            add(Format.pad(s, 4), state.isPruned(s) ? .pruned : .title)
            marks(s, isSystem: true, state: state, into: &g)
            let partial = run.raceDrops[s] != nil
            score(run.systemScore(s), inFlight: inFlight(system: s, run: run), partial: partial, into: &g, ascii: ascii)
            delta(run.systemDelta(s), partial: partial, into: &g, ascii: ascii)
            if let c = run.candidates[s] {
                add(" " + origin(c), .dim)
                // A preview cut to a word or two says nothing: only with room for a few words.
                if width - g.count >= 12 { add(" " + Format.preview(c.text), state.isPruned(s) ? .pruned : .text) }
            }
        case .task(_, let task):
            add("   ")
            add(task, .dim)
        case .user(let s, let task, let u):
            add("     ")
            add(Format.pad(u, 4), state.isPruned(u) ? .pruned : .text)
            marks(u, isSystem: false, state: state, into: &g)
            let key = ScoreKey(system: s, user: u, task: task, split: run.selectionSplit)
            let partial = run.raceDrops[u] != nil || run.raceDrops[s] != nil
            score(run.scores[key]?.score, inFlight: inFlight(run.inFlight[key]), partial: partial, into: &g, ascii: ascii)
            delta(run.userDelta(u, under: s), partial: partial, into: &g, ascii: ascii)
            if let c = run.candidates[u], width - g.count >= 12 {
                add(" " + Format.preview(c.text), state.isPruned(u) ? .pruned : .dim)
            }
        }
        return g
    }

    /// Three mark columns: best, kept/pinned, pruned/dropped/rejected.
    static func marks(_ id: String, isSystem: Bool, state: DashboardState, into g: inout [Glyph]) {
        let run = state.run
        let ascii = state.ui.ascii
        var m: [Glyph] = [Glyph(" ")]
        let best = isSystem ? run.bestSoFar == id : (run.isBestUser(id) && !state.isPruned(id))
        m.append(best ? Glyph(ascii ? "*" : "★", role: .best) : Glyph(" "))
        if state.isPinned(id) {
            m.append(Glyph("P", role: .pinned))
        } else if isSystem && run.population.contains(id) {
            // A member of the Pareto front (or of sprig's population).
            m.append(Glyph("F", role: .kept))
        } else if !isSystem && run.isKept(id) && !state.isPruned(id) {
            // A pruned prompt leaves the kept set at the engine's next selection; X alone says so now.
            m.append(Glyph("K", role: .kept))
        } else {
            m.append(Glyph(" "))
        }
        if state.isPruned(id) {
            m.append(Glyph("X", role: .pruned))
        } else if run.raceDrops[id] != nil {
            m.append(Glyph("~", role: .dim))
        } else if (run.candidates[id]?.rejections ?? 0) > 0 {
            m.append(Glyph("!", role: .warning))
        } else {
            m.append(Glyph(" "))
        }
        g += m
    }

    /// A score, dim when `partial` (a race dropped the prompt before a full evaluation).
    static func score(_ v: Double?, inFlight: (done: Int, of: Int)?, partial: Bool = false, into g: inout [Glyph], ascii: Bool) {
        if let v {
            g += InertText.glyphs(Format.pad(Format.percent(v), 7, right: true), role: partial ? .dim : .text, ascii: ascii)
        } else if let f = inFlight {
            g += InertText.glyphs(Format.pad("\(f.done)/\(f.of)", 7, right: true), role: .chart, ascii: ascii)
        } else {
            g += InertText.glyphs(Format.pad(ascii ? "..." : "…", 7, right: true), role: .dim, ascii: ascii)
        }
    }

    static func inFlight(system: String, run: RunModel) -> (done: Int, of: Int)? {
        let mine = run.inFlight.filter { $0.key.node.system == system && $0.key.split == run.selectionSplit }.values
        guard !mine.isEmpty else { return nil }
        return (mine.reduce(0) { $0 + $1.done }, mine.reduce(0) { $0 + $1.of })
    }

    static func inFlight(_ p: EngineEvent.EvaluationProgress?) -> (done: Int, of: Int)? {
        p.map { ($0.done, $0.of) }
    }

    /// The change against the parent in points; dim, not green or red, when the
    /// score is partial (it compares a race's subsample with a full evaluation).
    static func delta(_ d: Double?, partial: Bool = false, into g: inout [Glyph], ascii: Bool) {
        guard let d else {
            g += InertText.glyphs(Format.pad("", 6), ascii: ascii)
            return
        }
        let role: Role = partial ? .dim : d > 0.0005 ? .scoreUp : d < -0.0005 ? .scoreDown : .dim
        g += InertText.glyphs(Format.pad(Format.delta(d), 6, right: true), role: role, ascii: ascii)
    }

    static func origin(_ c: CandidateEntry) -> String {
        switch c.origin {
        case .initial: CandidateOrigin.initial.rawValue
        case .manual: "hand-written"
        case .merge: "merge " + [c.parent, c.secondParent].compactMap { $0 }.joined(separator: "+")
        default: c.parent.map { "from " + $0 } ?? c.origin.rawValue
        }
    }
}
