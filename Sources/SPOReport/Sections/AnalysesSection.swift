import SPOCore

/// Why the kept prompts look as they do: for the best system prompt and each
/// kept user prompt, the optimizer's failure analyses along its line of
/// rewrites, each with the wrong answers it was shown (question when the task
/// data is at hand, gold, what was read from the reply, the reply). Other
/// analyses of the run fold out below.
struct AnalysesSection {
    let session: ReportSession
    let anchor: String

    var run: RunModel { session.run }

    func write(_ w: inout HTMLWriter) {
        w.element("h3", [("id", anchor + "-analyses")], text: "Failure analyses behind the kept prompts")
        var shown = Set<String>()
        let kept = session.keptCandidates
        if kept.isEmpty { w.element("p", class: "note", text: "Nothing was kept yet.") }
        for id in kept {
            guard let c = run.candidates[id] else { continue }
            let role = c.kind == .system ? "system prompt" + (id == run.bestSystem ? " (best)" : "") : "user prompt for \(c.task ?? "?")" + (run.isBestUser(id) ? " (best kept)" : " (kept)")
            w.element("h4", text: "\(id): \(role)")
            let steps = session.lineage(id).compactMap { cid in run.candidates[cid]?.analysis.map { (candidate: cid, analysis: $0) } }
            if steps.isEmpty {
                w.element("p", class: "note", text: "The initial prompt: no rewrite, so no analysis behind it.")
                continue
            }
            if steps.count > 1 {
                w.element("p", class: "note", text: "Its line of rewrites: " + session.lineage(id).joined(separator: " → "))
            }
            for step in steps {
                if shown.contains(step.analysis) {
                    w.element("p", class: "note") { w in
                        w.text("\(step.candidate) was written from ")
                        w.raw(Markup.link(HTMLText.anchor(anchor, step.analysis), step.analysis))
                        w.text(", shown above.")
                    }
                    continue
                }
                shown.insert(step.analysis)
                analysis(step.analysis, &w)
            }
        }
        let others = run.analysisOrder.filter { !shown.contains($0) }
        if !others.isEmpty {
            w.open("details", class: "others")
            w.element("summary", text: "\(others.count) other \(others.count == 1 ? "analysis" : "analyses") (their rewrites were not kept)")
            for a in others { analysis(a, &w) }
            w.close("details")
        }
        w.newline()
    }

    func analysis(_ id: String, _ w: inout HTMLWriter) {
        guard let a = run.analyses[id] else { return }
        let examples = run.examples(of: a)
        w.open("article", [("class", "analysis"), ("id", HTMLText.anchor(anchor, id))])
        w.open("header")
        w.text("\(id): analysis of \(a.event.target) (\(a.event.kind == .system ? "system" : "user") prompt)")
        let led = run.candidates(from: id)
        if !led.isEmpty { w.text(" · led to " + led.joined(separator: ", ")) }
        w.text(" · from \(a.event.examples.count) wrong example\(a.event.examples.count == 1 ? "" : "s")")
        w.close("header")
        w.element("pre", class: "analysis-text", text: a.event.text)
        if examples.isEmpty, !a.event.examples.isEmpty {
            w.element("p", class: "note", text: "The wrong answers behind it (indices \(a.event.examples.map(String.init).joined(separator: ", "))) are not in the session.")
        }
        if !examples.isEmpty {
            w.open("ol", class: "examples")
            for (task, ex) in examples { example(task: task, ex, &w) }
            w.close("ol")
        }
        w.close("article")
        w.newline()
    }

    func example(task: String, _ ex: EngineEvent.WrongExample, _ w: inout HTMLWriter) {
        w.open("li")
        w.open("div", class: "ex-head")
        w.element("span", class: "mono", text: "\(task) #\(ex.i)")
        w.text(" · gold ")
        w.element("span", class: "gold", text: ex.gold)
        w.text(" · read ")
        w.element("span", class: "read", text: ex.prediction ?? "nothing (no answer found in the reply)")
        w.close("div")
        if let q = session.questions[task], ex.i >= 0, ex.i < q.count {
            w.element("div", class: "label", text: "question")
            w.element("pre", class: "question", text: q[ex.i])
        }
        w.open("details", class: "reply")
        w.element("summary", text: "reply: " + Markup.preview(ex.response, limit: 120))
        w.element("pre", class: "reply", text: ex.response)
        w.close("details")
        w.close("li")
    }
}
