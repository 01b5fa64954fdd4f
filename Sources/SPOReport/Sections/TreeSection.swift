import SPOCore

/// Every candidate: system prompts in the order they were written, under each
/// the user prompts scored with it per task, with scores, changes against the
/// parent and marks (best, kept, pinned, pruned, rejected rewrites). Each
/// prompt's full text folds out.
struct TreeSection {
    let session: ReportSession
    let anchor: String

    var run: RunModel { session.run }

    func write(_ w: inout HTMLWriter) {
        w.element("h3", [("id", anchor + "-tree")], text: "Candidate tree")
        w.element("p", class: "note", text: "A system prompt's train score is the mean over the kept user prompts it was compared on; a user prompt's is under the system prompt it sits below. Changes are in points against the parent.")
        guard !run.systems.isEmpty else {
            w.element("p", class: "note", text: "No candidates.")
            return
        }
        var placed = Set<String>()
        w.open("ul", class: "tree")
        for s in run.systems {
            system(s, placed: &placed, &w)
        }
        w.close("ul")
        w.newline()
    }

    func candidateAnchor(_ id: String) -> String { HTMLText.anchor(anchor, id) }

    func system(_ s: String, placed: inout Set<String>, _ w: inout HTMLWriter) {
        guard let c = run.candidates[s] else { return }
        var attributes: [(String, String)] = [("class", "system" + (c.pruned ? " pruned" : ""))]
        if placed.insert(s).inserted { attributes.append(("id", candidateAnchor(s))) }
        w.open("li", attributes)
        w.open("div", class: "row")
        w.element("span", class: "cid", text: s)
        w.raw(marks(c))
        if let score = run.systemScore(s) {
            w.raw("<span class=\"pct\">" + HTMLText.escape(Format.percent(score)) + "</span>")
        }
        w.raw(Markup.delta(run.systemDelta(s)))
        w.element("span", class: "meta", text: origin(c))
        w.close("div")
        text(c, &w)
        var tasks: [(String, [String])] = []
        for t in run.sourceTasks {
            let users = run.users(under: s, task: t.name)
            if !users.isEmpty { tasks.append((t.name, users)) }
        }
        if !tasks.isEmpty {
            w.open("ul")
            for (task, users) in tasks {
                w.open("li", class: "task")
                w.element("span", class: "task-name", text: task)
                w.open("ul")
                for u in users { user(u, under: s, task: task, placed: &placed, &w) }
                w.close("ul")
                w.close("li")
            }
            w.close("ul")
        }
        w.close("li")
        w.newline()
    }

    func user(_ u: String, under s: String, task: String, placed: inout Set<String>, _ w: inout HTMLWriter) {
        guard let c = run.candidates[u] else { return }
        var attributes: [(String, String)] = [("class", "user" + (c.pruned ? " pruned" : ""))]
        if placed.insert(u).inserted { attributes.append(("id", candidateAnchor(u))) }
        w.open("li", attributes)
        w.open("div", class: "row")
        w.element("span", class: "cid", text: u)
        w.raw(marks(c))
        if let e = run.score(system: s, user: u, task: task) {
            w.raw("<span class=\"label\">train</span> " + Markup.score(e))
        } else {
            w.element("span", class: "none", text: "not scored")
        }
        w.raw(Markup.delta(run.userDelta(u, under: s)))
        if let e = run.score(system: s, user: u, task: task, split: .test) {
            w.raw("<span class=\"label\">test</span> " + Markup.score(e))
        }
        w.element("span", class: "meta", text: origin(c))
        w.close("div")
        text(c, &w)
        w.close("li")
    }

    /// The badges of a candidate.
    func marks(_ c: CandidateEntry) -> String {
        var out = ""
        if c.kind == .system {
            if c.id == run.bestSystem {
                out += Markup.mark("best", "★ best", title: "the system prompt the run ended with")
            } else if c.id == run.currentSystem {
                out += Markup.mark(run.isOver ? "best" : "current", run.isOver ? "★ final" : "in use", title: "the system prompt in use")
            }
        } else {
            if run.isBestUser(c.id) { out += Markup.mark("best", "★ best", title: "the task's first kept user prompt") }
            if run.isKept(c.id) { out += Markup.mark("kept", "kept", title: "kept among the task's top user prompts") }
        }
        if c.pinned { out += Markup.mark("pinned", "pinned", title: "pinned by hand: kept whatever its score") }
        if c.pruned { out += Markup.mark("pruned", "pruned", title: "pruned by hand: never evaluated or kept again") }
        if c.rejections > 0 {
            out += Markup.mark("rejected", "\(c.rejections) rejected", title: "optimizer rewrites of it were rejected; last: \(c.lastRejection ?? "")")
        }
        return out
    }

    func origin(_ c: CandidateEntry) -> String {
        var s = c.origin == .initial ? CandidateOrigin.initial.rawValue : c.origin == .manual ? "hand-written" : c.origin.rawValue
        if let p = c.parent { s += " of \(p)" }
        if let a = c.analysis { s += " after \(a)" }
        if c.origin != .initial { s += " · iteration \(c.iteration)" }
        return s
    }

    /// The prompt's first line, opening to the full text.
    func text(_ c: CandidateEntry, _ w: inout HTMLWriter) {
        w.open("details", class: "text")
        w.element("summary", text: Markup.preview(c.text))
        w.element("pre", class: "prompt", text: c.text)
        w.close("details")
    }
}
