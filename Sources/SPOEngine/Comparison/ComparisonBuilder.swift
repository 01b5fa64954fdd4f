public import SPOCore

/// Collects numbers from sessions, run summaries and `unseen` results into a
/// `ComparisonTable`.
///
/// - A run's summary gives its method's row (source tasks: the best node's test
///   score; unseen tasks: the task's own user prompt under the optimized prompt)
///   and its initial prompt's row (the initial nodes), which joins a baseline's
///   row when the initial text is that baseline's.
/// - An `unseen` result gives its prompt's row and every baseline's row on its
///   unseen tasks, averaged over its user prompts.
/// - Where two inputs give a number for the same row and column, the one with
///   the larger n wins (an `unseen` result over a summary's single prompt); at
///   equal n the first is kept, and a note says when they differ.
public struct ComparisonBuilder: Sendable {
    struct RowKey: Hashable {
        var kind: String
        var id: String
    }

    struct PendingRow {
        var key: RowKey
        var label: String
        var run: String?
        var cells: [ComparisonTable.Column: ComparisonTable.Cell] = [:]
    }

    public var baselines: [BaselinePrompt]
    private var rows: [PendingRow] = []
    private var columns: [ComparisonTable.Column] = []
    private var inputs: [String] = []
    private var notes: [String] = []
    private var models: [String: [String]] = [:]

    public init(baselines: [BaselinePrompt]) {
        self.baselines = baselines
    }

    /// A session: its summary (when it finished) and its `unseen` result, if saved beside it.
    public mutating func add(session: SessionDigest) throws(SPOError) {
        inputs.append(session.path)
        if let base = session.models[.base] { models[base, default: []].append(session.run) }
        if let summary = session.summary {
            add(summary: summary, initialText: session.initialSystemText, from: "summary of \(session.run)")
        } else {
            notes.append("\(session.run) has not finished: it has no test scores (resume it, or run `metaspo unseen` on it)")
        }
        if let report = try? UnseenReport.read(path: session.unseenFile) {
            inputs.append(session.unseenFile)
            add(unseen: report)
        }
    }

    /// A `<run>.summary.json` on its own (the initial prompt's text is unknown,
    /// so its row is labelled as the run's initial prompt).
    public mutating func add(summaryFile path: String, summary: RunSummary) {
        inputs.append(path)
        add(summary: summary, initialText: nil, from: "summary of \(summary.run)")
    }

    /// A saved `metaspo unseen` result.
    public mutating func add(unseenFile path: String, report: UnseenReport) {
        inputs.append(path)
        add(unseen: report)
    }

    mutating func add(summary: RunSummary, initialText: String?, from: String) {
        let method = RowKey(kind: "method", id: summary.run)
        let initial: RowKey
        if let text = initialText, let b = baselines.first(where: { OptimizerReply.normalized($0.text) == OptimizerReply.normalized(text) }) {
            initial = RowKey(kind: "baseline", id: b.name)
            ensureRow(initial, label: b.name, run: nil)
        } else {
            initial = RowKey(kind: "initial", id: summary.run)
            ensureRow(initial, label: "initial prompt of \(summary.run)", run: summary.run)
        }
        ensureRow(method, label: summary.method, run: summary.run)
        for t in summary.tasks {
            let column = ComparisonTable.Column(task: t.task, role: t.role)
            if let s = t.optimizedTest { put(method, column, ScoreEstimate(score: s.score, low: s.low, high: s.high, n: s.n), from: from) }
            if let s = t.initialTest { put(initial, column, ScoreEstimate(score: s.score, low: s.low, high: s.high, n: s.n), from: from) }
        }
    }

    mutating func add(unseen report: UnseenReport) {
        models[report.model, default: []].append(report.run ?? "unseen result")
        let id = report.run ?? report.session ?? report.systemText
        let method = RowKey(kind: "method", id: id)
        ensureRow(method, label: report.label, run: report.run)
        for b in report.baselines {
            if let known = baselines.first(where: { $0.name == b.name }), OptimizerReply.normalized(known.text) != OptimizerReply.normalized(b.text) {
                notes.append("baseline \(b.name) in \(report.run ?? "an unseen result") has other text than the current prompts/baselines/\(b.name).txt")
            }
            ensureRow(RowKey(kind: "baseline", id: b.name), label: b.name, run: nil)
        }
        for t in report.tasks {
            let column = ComparisonTable.Column(task: t.task, role: .unseen)
            let from = "unseen \(report.run ?? "result"), \(t.userPrompts.count) user prompt\(t.userPrompts.count == 1 ? "" : "s")"
            for s in t.systems {
                let key = s.role == "optimized" ? method : RowKey(kind: "baseline", id: s.name)
                put(key, column, s.overall, from: from)
            }
        }
    }

    private mutating func ensureRow(_ key: RowKey, label: String, run: String?) {
        if !rows.contains(where: { $0.key == key }) { rows.append(PendingRow(key: key, label: label, run: run)) }
    }

    private mutating func put(_ key: RowKey, _ column: ComparisonTable.Column, _ estimate: ScoreEstimate, from: String) {
        if !columns.contains(column) { columns.append(column) }
        guard let r = rows.firstIndex(where: { $0.key == key }) else { return }
        if let old = rows[r].cells[column] {
            if estimate.n > old.estimate.n {
                rows[r].cells[column] = .init(estimate: estimate, from: from)
            } else if estimate.n == old.estimate.n, abs(estimate.score - old.estimate.score) > 1e-9 {
                notes.append("\(rows[r].label) on \(column.title): \(old.from) gives \(old.estimate.text), \(from) gives \(estimate.text); kept the first")
            }
        } else {
            rows[r].cells[column] = .init(estimate: estimate, from: from)
        }
    }

    /// The table: methods first (in input order), then baselines in their order,
    /// then initial prompts that are no baseline.
    public func build() -> ComparisonTable {
        let ordered = TaskRole.ordered.flatMap { role in columns.filter { $0.role == role } }
        let baselineOrder = baselines.map(\.name)
        func rank(_ r: PendingRow) -> (Int, Int) {
            switch r.key.kind {
            case "method": return (0, 0)
            case "baseline": return (1, baselineOrder.firstIndex(of: r.key.id) ?? baselineOrder.count)
            default: return (2, 0)
            }
        }
        let sorted = rows.enumerated().sorted { a, b in
            let ra = rank(a.element), rb = rank(b.element)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element).filter { !$0.cells.isEmpty }
        // Two runs of the same method get their run ids in the label.
        var labelCounts: [String: Int] = [:]
        for r in sorted where r.key.kind == "method" { labelCounts[r.label, default: 0] += 1 }
        let tableRows = sorted.map { r -> ComparisonTable.Row in
            var label = r.label
            if r.key.kind == "method", labelCounts[r.label, default: 0] > 1 { label += " (\(r.run ?? r.key.id))" }
            var means: [String: ScoreEstimate] = [:]
            var incomplete: [String] = []
            for role in TaskRole.ordered {
                let roleColumns = ordered.filter { $0.role == role }
                let present = roleColumns.compactMap { r.cells[$0]?.estimate }
                if let m = ScoreEstimate.mean(present) { means[role.rawValue] = m }
                if !present.isEmpty && present.count < roleColumns.count { incomplete.append(role.rawValue) }
            }
            return .init(label: label, kind: r.key.kind, run: r.run, cells: ordered.map { r.cells[$0] }, means: means, incompleteMeans: incomplete)
        }
        var notes = self.notes
        if models.count > 1 {
            notes.insert("the inputs used different base models (\(models.keys.sorted().joined(separator: ", "))): their scores are not comparable", at: 0)
        }
        return ComparisonTable(columns: ordered, rows: tableRows, inputs: inputs, notes: notes)
    }
}
