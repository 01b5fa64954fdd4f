import SPOCore

/// Per-task scores: the initial node's train score, the best now, the change,
/// test scores before and after, the best node's mean answer tokens (when the
/// session records them and the pane is wide enough), and a sparkline of the
/// best train score per iteration.
enum ScoreTableView {
    static func draw(_ state: DashboardState, in rect: Rect, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        PaneFrame.draw(run.validates ? "Scores (validation)" : "Scores", in: rect, focused: state.ui.focus == .scores && state.ui.overlay == nil, on: &screen)
        let inner = rect.inner
        guard inner.height >= 1 else { return }
        if run.tasks.isEmpty {
            screen.put("no tasks yet", in: inner.row(0), role: .dim)
            return
        }
        let showTest = inner.width >= 56
        let showCost = run.hasAnswerCost && inner.width >= 66
        let sparkWidth = max(5, min(12, run.plan.iterations + 1))
        let fixed = 7 + 7 + 7 + (showTest ? 14 : 0) + (showCost ? 6 : 0) + 1 + max(6, sparkWidth)
        // No wider than the longest name: spare columns stay at the right, not inside the table.
        let longest = run.tasks.map { InertText.glyphs($0.name, ascii: ascii).count }.max() ?? 8
        let nameWidth = min(max(8, inner.width - fixed), max(8, longest + 2))
        var head = Format.pad("task", nameWidth) + Format.pad(PhaseName.initial.rawValue, 7, right: true) + Format.pad("best", 7, right: true) + Format.pad("+/-", 7, right: true)
        if showTest { head += Format.pad(Split.test.rawValue, 14, right: true) }
        if showCost { head += Format.pad("tok", 6, right: true) }
        head += " trend"
        screen.put(head, in: inner.row(0), role: .dim)

        let initialSystem = run.systems.first { run.candidates[$0]?.origin == .initial } ?? run.systems.first
        let rows = Array(run.tasks.dropFirst(min(state.ui.scoreScroll, max(0, run.tasks.count - 1))))
        for (k, t) in rows.prefix(inner.height - 1).enumerated() {
            let line = inner.row(k + 1)
            var g: [Glyph] = []
            func add(_ s: String, _ role: Role = .text) { g += InertText.glyphs(s, role: role, ascii: ascii) }
            let unseen = t.role != .source
            let cut = InertText.glyphs(t.name, role: unseen ? .dim : .text, ascii: ascii)
            // A cut name ends in … so it does not read as another name.
            if cut.count > nameWidth - 1 {
                g += cut.prefix(nameWidth - 2) + InertText.glyphs(ascii ? "~" : "…", role: unseen ? .dim : .text, ascii: ascii)
            } else {
                g += cut
            }
            g += Array(repeating: Glyph(" "), count: max(0, nameWidth - min(cut.count, nameWidth - 1)))
            let initialUser = run.order.first { run.candidates[$0]?.task == t.name && run.candidates[$0]?.kind == .user && run.candidates[$0]?.origin == .initial }
            var initial: Double?
            if let s0 = initialSystem, let u0 = initialUser { initial = run.score(system: s0, user: u0, task: t.name)?.score }
            var best: Double?
            let (testBefore, testAfter) = testScores(run, task: t.name, unseen: unseen, initialSystem: initialSystem, initialUser: initialUser)
            if unseen {
                // An unseen task has no train split: its row shows test scores.
                (initial, best) = (testBefore, testAfter)
            } else {
                if let cur = run.currentSystem, let u = run.kept[t.name]?.first { best = run.score(system: cur, user: u, task: t.name)?.score }
                if best == nil { best = run.series(t.name).last }
            }
            add(Format.pad(initial.map(Format.percent) ?? "–", 7, right: true), unseen ? .dim : .text)
            add(Format.pad(best.map(Format.percent) ?? "–", 7, right: true), best != nil ? .best : .dim)
            if let i = initial, let b = best {
                let d = b - i
                add(Format.pad(Format.delta(d), 7, right: true), d > 0.0005 ? .scoreUp : d < -0.0005 ? .scoreDown : .dim)
            } else {
                add(Format.pad("", 7))
            }
            if showTest {
                var text = "–"
                var role = Role.dim
                if let b = testBefore, let a = testAfter {
                    text = Format.fixed(b * 100, 1) + (ascii ? ">" : "→") + Format.fixed(a * 100, 1)
                    role = a > b ? .scoreUp : a < b ? .scoreDown : .text
                } else if let b = testBefore {
                    text = Format.fixed(b * 100, 1) + (ascii ? ">" : "→") + "…"
                }
                add(Format.pad(text, 14, right: true), role)
            }
            if showCost {
                // Mean tokens per answer of the node the best score is for.
                let tokens = answerTokens(run, task: t.name, unseen: unseen, initialUser: initialUser)
                add(Format.pad(tokens.map(Format.tokensShort) ?? "–", 6, right: true), tokens == nil ? .dim : .text)
            }
            add(" ")
            let series = run.series(t.name)
            if unseen {
                // Without the test column an unseen row's numbers are test scores: say so.
                add(showTest ? TaskRole.unseen.rawValue : Split.test.rawValue, .dim)
            } else {
                g += series.isEmpty ? InertText.glyphs("–", role: .dim, ascii: ascii) : Sparkline.glyphs(series, width: sparkWidth, ascii: ascii)
            }
            screen.put(g, in: line)
        }
    }

    /// Mean answer tokens of a task's best node now: train under the current
    /// system prompt for a source task, test under the optimized one for an
    /// unseen task.
    static func answerTokens(_ run: RunModel, task: String, unseen: Bool, initialUser: String?) -> Double? {
        guard let system = run.bestSoFar ?? run.currentSystem else { return nil }
        if unseen {
            guard let u0 = initialUser else { return nil }
            return run.score(system: system, user: u0, task: task, split: .test)?.answerTokens
        }
        guard let u = run.kept[task]?.first else { return nil }
        return run.score(system: system, user: u, task: task)?.answerTokens
    }

    /// Test scores of the initial prompts and of the optimized ones.
    static func testScores(_ run: RunModel, task: String, unseen: Bool, initialSystem: String?, initialUser: String?) -> (Double?, Double?) {
        guard let s0 = initialSystem, let u0 = initialUser else { return (nil, nil) }
        let before = run.score(system: s0, user: u0, task: task, split: .test)?.score
        guard let final = run.bestSoFar else { return (before, nil) }
        let user = unseen ? u0 : (run.kept[task]?.first ?? u0)
        let after = run.score(system: final, user: user, task: task, split: .test)?.score
        return (before, after)
    }
}
