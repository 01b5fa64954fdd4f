import Foundation
import SPOCore

/// The prompts the run ended with, in full, and word diffs of each against
/// the prompt its line started from.
struct PromptsSection {
    let session: ReportSession
    let anchor: String

    var run: RunModel { session.run }

    func write(_ w: inout HTMLWriter) {
        w.element("h3", [("id", anchor + "-best")], text: run.bestSystem != nil ? "Best prompt" : "Prompt in use (the run did not finish)")
        if let best = run.bestSoFar, let c = run.candidates[best] {
            var facts = "System prompt \(best)"
            if let s = run.systemScore(best) { facts += ", \(run.validates ? "validation" : Split.train.rawValue) \(Format.percent(s)) over the kept user prompts" }
            facts += c.origin == .initial ? ", the initial one" : ", written in iteration \(c.iteration)" + (c.analysis.map { " from analysis \($0)" } ?? "")
            w.element("p", text: facts + ":")
            w.element("pre", class: "prompt best", text: c.text)
            blame(best, &w)
            front(&w)
            let outer = run.decisions.filter { $0.task == nil }
            if !outer.isEmpty {
                w.element("p", text: "Why this prompt won (or the candidates did not), paired on the same \(run.validates ? "validation" : Split.train.rawValue) examples:")
                w.open("ul")
                for d in outer { w.element("li", text: d.sentence) }
                w.close("ul")
            }
        } else {
            w.element("p", class: "note", text: "No system prompt yet.")
        }
        for t in run.sourceTasks {
            guard let u = run.kept[t.name]?.first, let c = run.candidates[u] else { continue }
            w.element("h4", text: "\(t.name): user prompt \(u)" + (c.origin == .initial ? " (initial)" : ""))
            w.element("pre", class: "prompt", text: c.text)
        }

        w.element("h3", [("id", anchor + "-diffs")], text: "Changes against the initial prompts")
        if let s0 = session.initialSystem, let best = run.bestSoFar {
            diff(old: s0, new: best, title: "system prompt", &w)
        }
        for t in run.sourceTasks {
            guard let u0 = session.initialUser(t.name), let u = run.kept[t.name]?.first else { continue }
            diff(old: u0, new: u, title: "\(t.name) user prompt", &w)
        }
    }

    /// The system prompts the last selection kept besides the best (a Pareto
    /// front, or sprig's population): each one's score per source task under
    /// the kept user prompts, the best of each task in bold.
    func front(_ w: inout HTMLWriter) {
        guard run.population.count > 1 else { return }
        let tasks = run.sourceTasks.map(\.name)
        func score(_ id: String, _ task: String) -> Double? {
            let users = run.kept[task] ?? []
            let s = users.compactMap { run.score(system: id, user: $0, task: task)?.score }
            return s.isEmpty || s.count < users.count ? nil : s.reduce(0, +) / Double(s.count)
        }
        let best = Dictionary(uniqueKeysWithValues: tasks.map { t in (t, run.population.compactMap { score($0, t) }.max()) })
        w.element("p", text: "The front the run kept (\(run.population.count) system prompts, best mean first; each is best on some task or has the best mean):")
        let rows: [[HTMLWriter.Cell]] = run.population.map { id in
            [.init(id, header: true)] + tasks.map { t in
                guard let s = score(id, t) else { return HTMLWriter.Cell("–", "num") }
                let text = Format.percent(s)
                return s == best[t] ?? nil ? HTMLWriter.Cell(markup: "<b>\(text)</b>", "num") : HTMLWriter.Cell(text, "num")
            } + [.init(run.systemScore(id).map(Format.percent) ?? "–", "num")]
        }
        w.table(header: ["system prompt"] + tasks + ["mean"], rows: rows)
    }

    /// Each sentence of the prompt beside the candidate that wrote it (`PromptProvenance`).
    func blame(_ id: String, _ w: inout HTMLWriter) {
        guard let p = run.provenance(of: id), p.steps.count > 1 else { return }
        w.element("p", text: "Where each sentence came from (lineage \(p.steps.map(\.id).joined(separator: " → ")); score changes against the parent on the \(run.validates ? "validation" : Split.train.rawValue) split):")
        let rows: [[HTMLWriter.Cell]] = p.sentences.map { s in
            [.init(s.text.trimmingCharacters(in: .whitespacesAndNewlines)), .init(p.label(s.introducedBy)), .init(s.editedBy.joined(separator: ", "))]
        }
        w.table(header: ["sentence", "written by", "edited in"], rows: rows)
    }

    static func words(_ n: Int) -> String { n == 1 ? "1 word" : "\(n) words" }

    func diff(old: String, new: String, title: String, _ w: inout HTMLWriter) {
        guard let a = run.candidates[old], let b = run.candidates[new] else { return }
        if old == new {
            w.element("p", class: "note", text: "\(title): \(old) unchanged.")
            return
        }
        let d = DiffHTML(old: a.text, new: b.text)
        w.element("div", class: "diff") { w in
            w.element("div", class: "diff-head", text: "\(title): \(old) → \(new) · \(Self.words(d.diff.removedWords)) removed, \(d.diff.addedWords) added")
            w.element("div", class: "diff-cols") { w in
                w.element("div") { w in
                    w.element("div", class: "side-title", text: "\(old) (initial)")
                    w.open("pre", class: "old")
                    w.raw(d.side(new: false))
                    w.close("pre")
                }
                w.element("div") { w in
                    w.element("div", class: "side-title", text: "\(new) (\(new == run.bestSystem ? "best" : run.isBestUser(new) ? "best kept" : "now"))")
                    w.open("pre", class: "new")
                    w.raw(d.side(new: true))
                    w.close("pre")
                }
            }
        }
        w.newline()
    }
}
