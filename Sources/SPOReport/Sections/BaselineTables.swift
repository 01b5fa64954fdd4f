import SPOCore

/// The results files metaspo itself writes, drawn as the tables they stand
/// for: `compare --json` (a row per system prompt, a column per task, means
/// per role) and `unseen --json` (per unseen task, the optimized prompt
/// against each baseline over several user prompts). Read from JSON by key,
/// so a field that is missing only leaves a cell empty; a file of another
/// shape is not claimed and gets the generic tables.
enum BaselineTables {
    /// Draws the file if it is one of the known kinds; false otherwise.
    static func write(_ v: JSONValue, _ w: inout HTMLWriter) -> Bool {
        if v["format"]?.stringValue == "metaspo-unseen", let tasks = v["tasks"]?.arrayValue {
            unseen(v, tasks: tasks, &w)
            return true
        }
        if let columns = v["columns"]?.arrayValue, let rows = v["rows"]?.arrayValue,
            columns.allSatisfy({ $0["task"]?.stringValue != nil }), rows.allSatisfy({ $0["cells"]?.arrayValue != nil })
        {
            comparison(v, columns: columns, rows: rows, &w)
            return true
        }
        return false
    }

    /// "40.0% 1.8–40.4 · n=10" from `{score, low, high, n}`.
    static func estimate(_ e: JSONValue?, points: Bool = false) -> String {
        guard let e, let score = e["score"]?.doubleValue else { return "<span class=\"none\">–</span>" }
        let show = { (v: Double) in points ? Format.delta(v) : Format.percent(v) }
        var s = "<span class=\"pct\">" + HTMLText.escape(show(score)) + "</span>"
        var extra: [String] = []
        if let lo = e["low"]?.doubleValue, let hi = e["high"]?.doubleValue { extra.append(Format.fixed(lo * 100, 1) + "–" + Format.fixed(hi * 100, 1)) }
        if let n = e["n"]?.intValue { extra.append("n=\(n)") }
        if !extra.isEmpty { s += " <span class=\"ci\">" + HTMLText.escape(extra.joined(separator: " · ")) + "</span>" }
        return s
    }

    static func comparison(_ v: JSONValue, columns: [JSONValue], rows: [JSONValue], _ w: inout HTMLWriter) {
        w.element("p", class: "note", text: "Comparison table (metaspo compare): test scores per task with 95% interval and n; means per role.")
        let roles: [String] = TaskRole.ordered.map(\.rawValue).filter { r in columns.contains { $0["role"]?.stringValue == r } }
        var header = ["system prompt", "kind"]
        for c in columns { header.append(string(c["task"], or: "?") + " (" + string(c["role"], or: "?") + ")") }
        for r in roles { header.append("\(r) mean") }
        var out: [[HTMLWriter.Cell]] = []
        for row in rows {
            var cells: [HTMLWriter.Cell] = [.init(string(row["label"], or: "?"), header: true), .init(string(row["kind"], or: ""))]
            let list = row["cells"]?.arrayValue ?? []
            for k in columns.indices {
                let cell: JSONValue? = k < list.count ? list[k] : nil
                cells.append(.init(markup: estimate(cell?["estimate"]), "num"))
            }
            let incomplete = row["incompleteMeans"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for r in roles {
                cells.append(.init(markup: estimate(row["means"]?[r]) + (incomplete.contains(r) ? " *" : ""), "num"))
            }
            out.append(cells)
        }
        w.table(header: header, rows: out)
        notes(v, &w)
    }

    static func unseen(_ v: JSONValue, tasks: [JSONValue], _ w: inout HTMLWriter) {
        var facts: [(String, String)] = []
        if let s = v["label"]?.stringValue { facts.append(("optimized prompt from", s + (v["systemID"]?.stringValue.map { " (\($0))" } ?? ""))) }
        if let s = v["run"]?.stringValue { facts.append(("run", s)) }
        if let s = v["model"]?.stringValue { facts.append(("model", s)) }
        if let s = v["userPromptsFile"]?.stringValue { facts.append(("user prompts", s)) }
        w.element("p", class: "note", text: "Unseen-task generalization (metaspo unseen): each system prompt over several user prompts per task; scores with 95% interval and n (pairs of user prompt and example).")
        if !facts.isEmpty {
            w.open("dl", class: "facts")
            for (k, s) in facts {
                w.element("dt", text: k)
                w.element("dd", text: s)
            }
            w.close("dl")
        }
        if let text = v["systemText"]?.stringValue {
            w.open("details", class: "text")
            w.element("summary", text: "optimized system prompt: " + Markup.preview(text))
            w.element("pre", class: "prompt", text: text)
            w.close("details")
        }
        // Systems in the order the first task lists them.
        var names: [String] = []
        for t in tasks { for s in t["systems"]?.arrayValue ?? [] { if let n = s["name"]?.stringValue, !names.contains(n) { names.append(n) } } }
        var rows: [[HTMLWriter.Cell]] = []
        for t in tasks {
            let prompts = t["userPrompts"]?.arrayValue.map { String($0.count) } ?? "–"
            var cells: [HTMLWriter.Cell] = [.init(string(t["task"], or: "?"), header: true), .init(prompts, "num")]
            let systems = t["systems"]?.arrayValue ?? []
            for n in names {
                cells.append(.init(markup: estimate(systems.first { $0["name"]?.stringValue == n }?["overall"]), "num"))
            }
            cells.append(.init(markup: estimate(t["improved"]), "num"))
            cells.append(.init(markup: estimate(t["gain"], points: true), "num"))
            rows.append(cells)
        }
        if let means = v["means"] {
            var cells: [HTMLWriter.Cell] = [.init("mean", header: true), .init("")]
            for n in names { cells.append(.init(markup: estimate(means[n]), "num")) }
            cells.append(.init(markup: estimate(v["improved"]), "num"))
            cells.append(.init(""))
            rows.append(cells)
        }
        w.table(header: ["task", "user prompts"] + names + ["prompts improved", "mean gain (points)"], rows: rows)
        notes(v, &w)
    }

    /// A string field, or a stand-in when it is missing or not a string.
    static func string(_ v: JSONValue?, or fallback: String) -> String {
        v?.stringValue ?? fallback
    }

    static func notes(_ v: JSONValue, _ w: inout HTMLWriter) {
        let notes = v["notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !notes.isEmpty {
            w.open("ul", class: "notes")
            for n in notes { w.element("li", text: n) }
            w.close("ul")
        }
        if let inputs = v["inputs"]?.arrayValue?.compactMap(\.stringValue), !inputs.isEmpty {
            w.element("p", class: "note", text: "From: " + inputs.joined(separator: ", "))
        }
    }
}
