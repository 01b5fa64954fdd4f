import SPOCore

/// Several runs side by side: one row per run (method, models, best system
/// prompt, mean test scores per role, cost), test scores per task and run,
/// and the train curves of each task the runs share on one chart.
struct ComparisonSection {
    let sessions: [ReportSession]

    /// Stylesheet colour classes, cycled; lines after the sixth are dashed.
    static let palette = ["c0", "c1", "c2", "c3", "c4", "c5"]

    func write(_ w: inout HTMLWriter) {
        w.open("section", [("class", "comparison"), ("id", "comparison")])
        w.element("h2", text: "Comparison of the runs")
        let outcomes = sessions.map(\.outcomes)
        let labels = Self.labels(sessions)
        var rows: [[HTMLWriter.Cell]] = []
        for (k, s) in sessions.enumerated() {
            let run = s.run
            rows.append([
                .init(markup: Markup.link(Report.anchor(session: k), labels[k]), "nowrap"), .init(run.method ?? "–"),
                .init(markup: Self.models(run.models), "models"),
                .init("\(run.iteration)"), .init(run.bestSoFar ?? "–"),
                .init(markup: Self.meanPair(outcomes[k].filter { !$0.isUnseen }), "num"),
                .init(markup: Self.meanPair(outcomes[k].filter(\.isUnseen)), "num"),
                .init("\(Format.count(run.totalCalls)) · \(Format.cost(run.totalCost)) · \(Format.duration(run.lastT))", "num"),
            ])
        }
        w.table(header: ["run", "method", "models", "iterations", "best system", "source test (mean)", "unseen test (mean)", "calls · cost · time"], rows: rows)

        // Tasks in the order they first appear.
        var names: [String] = []
        for list in outcomes { for o in list where !names.contains(o.task) { names.append(o.task) } }
        if !names.isEmpty {
            w.element("h3", text: "Test scores per task: initial → optimized")
            var taskRows: [[HTMLWriter.Cell]] = []
            for name in names {
                var row: [HTMLWriter.Cell] = [.init(name, header: true)]
                for list in outcomes {
                    if let o = list.first(where: { $0.task == name }) {
                        row.append(.init(markup: Self.pair(o.testBefore?.score, o.testAfter?.score) + (o.isUnseen ? " <span class=\"label\">unseen</span>" : ""), "num"))
                    } else {
                        row.append(.init("–", "num"))
                    }
                }
                taskRows.append(row)
            }
            w.table(header: ["task"] + labels, rows: taskRows)
        }

        let shared = names.filter { name in outcomes.filter { $0.contains { $0.task == name && !$0.isUnseen && !$0.series.isEmpty } }.count >= 2 }
        if !shared.isEmpty {
            w.element("h3", text: "Best train score by iteration, per shared task")
            w.open("div", class: "charts")
            let xMax = sessions.map(\.iterationAxis).max() ?? 1
            for name in shared {
                var series: [ScoreChart.Series] = []
                for (k, list) in outcomes.enumerated() {
                    guard let o = list.first(where: { $0.task == name }), !o.series.isEmpty else { continue }
                    let label = labels[k]
                    series.append(.init(
                        label: label, cls: Self.palette[k % Self.palette.count],
                        points: o.series.map { .init(x: Double($0.iteration), y: $0.score, tip: "\(label), \(name), iteration \($0.iteration): \(Format.percent($0.score))") },
                        dashed: k >= Self.palette.count))
                }
                let chart = ScoreChart(title: "\(name): best train score by iteration, per run", xMax: xMax, series: series)
                w.open("figure")
                w.element("figcaption", text: name)
                w.raw(chart.svg())
                w.raw(chart.legend())
                w.close("figure")
            }
            w.close("div")
        }
        w.close("section")
        w.newline()
    }

    /// How each run is named: its run id, or its file name when two runs
    /// share an id (a copy, a resumed file).
    static func labels(_ sessions: [ReportSession]) -> [String] {
        let titles = sessions.map(\.title)
        return sessions.map { s in titles.filter { $0 == s.title }.count > 1 ? s.name : s.title }
    }

    /// Model ids per role, long ids cut (the run's own section has them whole),
    /// one entry when all roles share a model.
    static func models(_ models: [ModelRole: String]) -> String {
        func short(_ id: String) -> String {
            id.count > 24 ? "<span title=\"" + HTMLText.escape(id) + "\">" + HTMLText.escape(String(id.prefix(23)) + "…") + "</span>" : HTMLText.escape(id)
        }
        let roles = models.keys.sorted()
        if roles.count > 1, Set(models.values).count == 1, let id = models.values.first { return "all: " + short(id) }
        return roles.map { HTMLText.escape($0.rawValue) + ": " + short(models[$0] ?? "") }.joined(separator: "<br>")
    }

    /// Mean test score of the starting prompts and of the optimized ones.
    static func meanPair(_ list: [TaskOutcome]) -> String {
        let pairs = list.compactMap { o in o.testBefore.flatMap { b in o.testAfter.map { (b.score, $0.score) } } }
        guard !pairs.isEmpty else { return "<span class=\"none\">–</span>" }
        let n = Double(pairs.count)
        return pair(pairs.map(\.0).reduce(0, +) / n, pairs.map(\.1).reduce(0, +) / n)
    }

    static func pair(_ a: Double?, _ b: Double?) -> String {
        guard a != nil || b != nil else { return "<span class=\"none\">–</span>" }
        let text = (a.map(Format.percent) ?? "–") + " → " + (b.map(Format.percent) ?? "–")
        var s = HTMLText.escape(text)
        if let a, let b { s += " " + Markup.delta(b - a) }
        return s
    }
}
