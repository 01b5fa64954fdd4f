import SPOCore

/// Per task: train scores at the start and at the end, test scores of the
/// starting prompts against the optimized ones (the run's own baseline:
/// its initial system prompt), means per role, and one chart per task.
struct ScoresSection {
    let session: ReportSession
    let anchor: String

    var run: RunModel { session.run }

    func write(_ w: inout HTMLWriter) {
        let outcomes = session.outcomes
        w.element("h3", [("id", anchor + "-scores")], text: "Scores against the starting prompts")
        let s0 = session.initialSystem ?? "–"
        let best = run.bestSoFar ?? "–"
        w.element("p", class: "note", text: "Initial: system prompt \(s0) with each task's first user prompt. Optimized: system prompt \(best) with each source task's best kept user prompt; unseen tasks keep their given user prompt. Test scores carry their 95% interval and n.")
        // With a validation split the choices were made on it: its columns come between train and test.
        let validates = run.validates
        if validates {
            w.element("p", class: "note", text: "Candidates were compared and kept on the validation split; the optimizer saw failures from train only.")
        }
        var rows: [[HTMLWriter.Cell]] = []
        for o in outcomes {
            var row: [HTMLWriter.Cell] = [
                .init(o.task, header: true), .init(o.role.rawValue), .init(o.metric ?? "–"),
                .init(markup: Markup.score(o.initialTrain), "num"), .init(markup: Markup.score(o.bestTrain), "num"),
                .init(markup: Markup.delta(o.initialTrain, o.bestTrain), "num"),
            ]
            if validates {
                row += [
                    .init(markup: Markup.score(o.initialVal), "num"), .init(markup: Markup.score(o.bestVal), "num"),
                    .init(markup: Markup.delta(o.initialVal, o.bestVal), "num"),
                ]
            }
            row += [
                .init(markup: Markup.score(o.testBefore), "num"), .init(markup: Markup.score(o.testAfter), "num"),
                .init(markup: Markup.delta(o.testBefore, o.testAfter), "num"),
            ]
            rows.append(row)
        }
        for role in TaskRole.ordered {
            let group = outcomes.filter { ($0.role == .source) == (role == .source) }
            let pairs = group.compactMap { o in o.testBefore.flatMap { b in o.testAfter.map { (b.score, $0.score) } } }
            guard pairs.count >= 2 || (pairs.count == 1 && group.count > 1) else { continue }
            let before = pairs.map(\.0).reduce(0, +) / Double(pairs.count)
            let after = pairs.map(\.1).reduce(0, +) / Double(pairs.count)
            rows.append(
                [.init("mean of \(pairs.count) \(role) tasks", header: true), .init(role.rawValue)]
                    + Array(repeating: HTMLWriter.Cell(""), count: validates ? 7 : 4)
                    + [.init(Format.percent(before), "num"), .init(Format.percent(after), "num"), .init(markup: Markup.delta(after - before), "num")])
        }
        w.table(
            header: ["task", "role", "metric", "train, initial", "train, best", "change"]
                + (validates ? ["validation, initial", "validation, best", "change"] : [])
                + ["test, initial", "test, optimized", "change"],
            rows: rows)

        w.element("h3", [("id", anchor + "-charts")], text: "Scores by iteration")
        w.open("div", class: "charts")
        for o in outcomes { figure(o, &w) }
        w.close("div")
        w.newline()
    }

    func figure(_ o: TaskOutcome, _ w: inout HTMLWriter) {
        let chart = Self.chart(o, xMax: session.iterationAxis)
        w.open("figure", [("id", HTMLText.anchor(anchor, "chart", o.task))])
        w.element("figcaption") { w in
            w.text(o.task + " ")
            var what = o.isUnseen ? "unseen task · test" : "source task"
            if let f = o.series.first, let l = o.series.last {
                what += " · \(run.validates ? "validation" : Split.train.rawValue) \(Format.percent(f.score)) → \(Format.percent(l.score))"
            }
            if let b = o.testBefore, let a = o.testAfter, !o.isUnseen { what += " · test \(Format.percent(b.score)) → \(Format.percent(a.score))" }
            if let b = o.testBefore, let a = o.testAfter, o.isUnseen { what += " \(Format.percent(b.score)) → \(Format.percent(a.score))" }
            w.element("span", class: "what", text: what)
        }
        w.raw(chart.svg())
        w.raw(chart.legend())
        w.close("figure")
        w.newline()
    }

    /// A task's chart: the best train score after init and each iteration,
    /// and the test score of the starting prompts (at init) and of the
    /// optimized ones (at the last iteration).
    static func chart(_ o: TaskOutcome, xMax: Int) -> ScoreChart {
        var series: [ScoreChart.Series] = []
        if !o.isUnseen {
            let points = o.series.map { p in
                ScoreChart.Point(x: Double(p.iteration), y: p.score, tip: "\(o.task), \(p.iteration == 0 ? PhaseName.initial.rawValue : "iteration \(p.iteration)"): best train \(Format.percent(p.score))")
            }
            series.append(.init(label: "best train score", cls: "s-train", points: points))
        }
        var test: [ScoreChart.Point] = []
        func tip(_ what: String, _ e: ScoreEntry) -> String {
            var s = "\(o.task), test, \(what): \(Format.percent(e.score)) of \(e.n)"
            if let lo = e.low, let hi = e.high { s += " (95% \(Format.percent(lo))–\(Format.percent(hi)))" }
            return s
        }
        if let b = o.testBefore { test.append(.init(x: 0, y: b.score, low: b.low, high: b.high, tip: tip("initial prompts", b))) }
        if let a = o.testAfter { test.append(.init(x: Double(xMax), y: a.score, low: a.low, high: a.high, tip: tip("optimized", a))) }
        series.append(.init(
            label: o.isUnseen ? "test: initial → optimized system prompt" : "test: initial → optimized prompts",
            cls: o.isUnseen ? "s-unseen" : "s-test", points: test, dashed: true, marker: o.isUnseen ? .diamond : .square))
        return ScoreChart(title: "\(o.task): score by iteration", xMax: xMax, series: series)
    }
}
