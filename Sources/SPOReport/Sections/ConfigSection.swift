import SPOCore

/// The run's configuration from the session header, one row per setting
/// (nested keys joined with dots). The header is already free of secrets;
/// `redacted()` runs again so a hand-edited file cannot put a key in a report.
struct ConfigSection {
    let config: JSONValue
    let anchor: String

    func write(_ w: inout HTMLWriter) {
        let rows = Self.flatten(config.redacted(), prefix: "")
        w.open("details", [("class", "config"), ("id", anchor + "-config"), ("open", "")])
        w.element("summary") { w in w.element("h3", class: "inline", text: "Configuration (\(rows.count) settings)") }
        if rows.isEmpty {
            w.element("p", class: "note", text: "The session header has no configuration.")
        } else {
            // Up to three tables side by side, so forty settings do not take a page.
            let columns = rows.count > 24 ? 3 : rows.count > 10 ? 2 : 1
            let per = (rows.count + columns - 1) / columns
            w.open("div", class: "config-grid")
            for start in stride(from: 0, to: rows.count, by: per) {
                w.open("table", class: "config")
                for (key, value) in rows[start..<min(rows.count, start + per)] {
                    w.open("tr")
                    w.element("td", class: "mono", text: key)
                    if value.contains("\n") || value.count > 60 {
                        w.element("td") { w in w.element("pre", text: value) }
                    } else {
                        w.element("td", text: value)
                    }
                    w.close("tr")
                    w.newline()
                }
                w.close("table")
            }
            w.close("div")
        }
        w.close("details")
        w.newline()
    }

    /// Key paths and their values in the file's own key order.
    static func flatten(_ v: JSONValue, prefix: String) -> [(String, String)] {
        switch v {
        case .object(let pairs):
            if pairs.isEmpty { return prefix.isEmpty ? [] : [(prefix, "{}")] }
            return pairs.flatMap { flatten($0.value, prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
        case .array(let items):
            if items.allSatisfy({ $0.isScalar }) {
                return [(prefix, items.isEmpty ? "[]" : items.map(scalarText).joined(separator: ", "))]
            }
            return items.enumerated().flatMap { flatten($0.element, prefix: prefix + "[\($0.offset)]") }
        default:
            return [(prefix.isEmpty ? "(value)" : prefix, scalarText(v))]
        }
    }

    /// A scalar as a person reads it (strings without quotes).
    static func scalarText(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): number(d)
        case .string(let s): s
        default: v.compactText
        }
    }

    /// A number with up to four decimals, trailing zeros cut.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        var s = Format.fixed(d, 4)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
