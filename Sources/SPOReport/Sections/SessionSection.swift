import SPOCore

/// One session's part of the report: what ran, how it was configured, the
/// scores and charts, the prompt it found and how it differs from the start,
/// the whole candidate tree, the analyses behind what was kept, and usage.
struct SessionSection {
    let session: ReportSession
    let anchor: String

    var run: RunModel { session.run }

    func write(_ w: inout HTMLWriter) {
        w.open("section", [("class", "session"), ("id", anchor)])
        w.element("h2", text: "Run \(session.title)")
        overview(&w)
        ConfigSection(config: session.header.config, anchor: anchor).write(&w)
        ScoresSection(session: session, anchor: anchor).write(&w)
        PromptsSection(session: session, anchor: anchor).write(&w)
        TreeSection(session: session, anchor: anchor).write(&w)
        AnalysesSection(session: session, anchor: anchor).write(&w)
        usage(&w)
        w.close("section")
        w.newline()
    }

    func overview(_ w: inout HTMLWriter) {
        var facts: [(String, String)] = []
        facts.append(("session file", session.name))
        facts.append(("method", run.method ?? "–"))
        var status = run.status
        if let s = run.stopped { status += ": \(s.reason)" + (s.resumable ? " (resumable)" : "") }
        if !run.isOver { status = "not finished (the session ends before run_finished)" }
        facts.append(("status", status))
        for role in run.models.keys.sorted() { facts.append(("\(role) model", EmbeddedModelNames.display(run.models[role] ?? ""))) }
        let source = run.sourceTasks.map { "\($0.name) (train \($0.train), test \($0.test))" }
        let unseen = run.unseenTasks.map { "\($0.name) (test \($0.test))" }
        facts.append(("source tasks", source.isEmpty ? "–" : source.joined(separator: ", ")))
        if !unseen.isEmpty { facts.append(("unseen tasks", unseen.joined(separator: ", "))) }
        facts.append(("iterations", "\(run.iteration) of \(run.plan.iterations) planned"))
        facts.append(("session created", session.header.created))
        facts.append(("run time", Format.duration(run.lastT) + " (\(Format.fixed(run.lastT, 1)) s)"))
        let users = run.order.filter { run.candidates[$0]?.kind == .user }.count
        facts.append(("candidates", "\(run.systems.count) system prompts, \(users) user prompts, \(run.analyses.count) analyses, \(run.rejectedTotal) rejected optimizer replies"))
        facts.append(("calls", "\(Format.count(run.totalCalls)) (\(Format.count(run.cacheHits)) cache hits), \(Format.tokens(run.totalTokens)) tokens, \(Format.cost(run.totalCost))"))
        if run.warnings + run.errors > 0 { facts.append(("warnings, errors", "\(run.warnings), \(run.errors)")) }
        for b in run.budgetsReached { facts.append(("budget reached", "\(b.what): \(Format.number(b.value)) of \(Format.number(b.limit))")) }
        if let best = run.bestSoFar { facts.append((run.bestSystem != nil ? "best system prompt" : "system prompt in use", best)) }
        w.open("dl", class: "facts")
        for (k, v) in facts {
            w.element("dt", text: k)
            w.element("dd", text: v)
        }
        for n in session.notes {
            w.element("dt", [("class", "warn")], text: "note")
            w.element("dd", [("class", "warn")], text: n)
        }
        w.close("dl")
    }

    func usage(_ w: inout HTMLWriter) {
        guard !run.usage.isEmpty else { return }
        w.element("h3", [("id", anchor + "-usage")], text: "Model usage")
        var rows: [[HTMLWriter.Cell]] = []
        for role in run.usage.keys.sorted() {
            let u = run.usage[role]!
            rows.append([
                .init(role.rawValue, header: true), .init(Format.count(u.calls), "num"), .init(Format.count(u.cacheHits), "num"),
                .init(Format.count(u.promptTokens), "num"), .init(Format.count(u.completionTokens), "num"),
                .init(String(u.errors), "num"), .init(u.retries.map(String.init) ?? "–", "num"),
                // The engine writes the sum of call times (RoleUsage.latencySeconds).
                .init(u.latency.map { u.calls > 0 ? Format.fixed($0 / Double(u.calls), 2) + " s" : "–" } ?? "–", "num"), .init(Format.cost(u.costUSD), "num"),
            ])
        }
        w.table(header: ["role", "calls", "cache hits", "prompt tokens", "completion tokens", "errors", "retries", "time per call", "cost"], rows: rows)
    }
}
