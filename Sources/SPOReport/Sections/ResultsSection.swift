import SPOCore

/// Results files given beside the sessions (baselines, unseen-task and
/// comparison tables), drawn from their JSON whatever its exact shape:
/// arrays of objects as tables, objects as key-value rows, nested values
/// under their key.
struct ResultsSection {
    let files: [ResultsFile]

    /// How deep nested objects are opened before they are shown as JSON text.
    static let maxDepth = 4

    func write(_ w: inout HTMLWriter) {
        w.open("section", [("class", "results"), ("id", "results")])
        w.element("h2", text: "Results files")
        for (k, f) in files.enumerated() {
            w.open("div", [("class", "results-file"), ("id", "results-\(k + 1)")])
            w.element("h3", text: f.name)
            if !BaselineTables.write(f.value, &w) { Self.value(f.value, depth: 0, &w) }
            w.close("div")
            w.newline()
        }
        w.close("section")
        w.newline()
    }

    static func value(_ v: JSONValue, depth: Int, _ w: inout HTMLWriter) {
        switch v {
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.objectValue != nil }):
            table(items, &w)
        case .array(let items) where items.allSatisfy(\.isScalar):
            w.element("p", text: items.isEmpty ? "(none)" : items.map(ConfigSection.scalarText).joined(separator: ", "))
        case .object(let pairs) where depth < maxDepth:
            let scalars = pairs.filter { $0.value.isScalar || ($0.value.arrayValue?.allSatisfy(\.isScalar) ?? false) }
            if !scalars.isEmpty {
                w.open("dl", class: "facts")
                for p in scalars {
                    w.element("dt", text: p.key)
                    w.element("dd", text: cellText(p.value))
                }
                w.close("dl")
            }
            for p in pairs where !scalars.contains(where: { $0.key == p.key }) {
                w.element(depth == 0 ? "h4" : "h5", text: p.key)
                value(p.value, depth: depth + 1, &w)
            }
        default:
            w.element("pre", text: v.compactText)
        }
    }

    /// Rows of objects: one column per key, in the order keys first appear.
    static func table(_ items: [JSONValue], _ w: inout HTMLWriter) {
        var keys: [String] = []
        for item in items { for p in item.objectValue ?? [] where !keys.contains(p.key) { keys.append(p.key) } }
        let rows: [[HTMLWriter.Cell]] = items.map { item in
            keys.map { key in
                guard let v = item[key] else { return .init("", "") }
                let numeric = v.doubleValue != nil
                return .init(cellText(v), numeric ? "num" : "")
            }
        }
        w.table(header: keys, rows: rows)
    }

    /// A value in one cell: scalars as read, small nested values as JSON.
    static func cellText(_ v: JSONValue) -> String {
        if v.isScalar { return ConfigSection.scalarText(v) }
        if let items = v.arrayValue, items.allSatisfy(\.isScalar) { return items.map(ConfigSection.scalarText).joined(separator: ", ") }
        let text = v.compactText
        return text.count > 400 ? String(text.prefix(399)) + "…" : text
    }
}
