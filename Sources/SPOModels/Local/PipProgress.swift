import Foundation

/// Turns pip's output into a few human progress lines: one per package
/// fetched, one when installing starts. Everything else stays in the log;
/// on failure the installer's error quotes pip's last lines.
struct PipProgress: Sendable {
    /// Normalised distribution name → (1-based index, count) for model parts.
    private var parts: [String: (Int, Int)] = [:]
    private var label: String

    /// `partDistributions` in order; `label` names the whole (e.g. "smollm2").
    init(label: String, partDistributions: [String] = []) {
        self.label = label
        for (index, name) in partDistributions.enumerated() {
            parts[Self.normalise(name)] = (index + 1, partDistributions.count)
        }
    }

    /// PEP 503: case-insensitive, with runs of `-`, `_`, `.` equal.
    static func normalise(_ name: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for ch in name.lowercased() {
            if ch == "-" || ch == "_" || ch == "." {
                if !lastWasSeparator { out.append("-") }
                lastWasSeparator = true
            } else {
                out.append(ch)
                lastWasSeparator = false
            }
        }
        return out
    }

    /// The progress line for one line of pip output, or nil to keep quiet.
    func condense(_ line: String) -> String? {
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("Collecting ") {
            let requirement = text.dropFirst("Collecting ".count)
            let name = String(requirement.prefix { !"=<>!~ ;[(".contains($0) })
            if let (index, count) = parts[Self.normalise(name)] {
                return count > 1 ? "downloading \(label) part \(index)/\(count)…" : "downloading \(label) (\(name))…"
            }
            return "downloading \(name)…"
        }
        if text.hasPrefix("Installing collected packages") {
            return "installing \(label)…"
        }
        // A source build (the native runtime) is silent for minutes: say it is alive.
        if text.hasPrefix("Building wheel for ") {
            let name = String(text.dropFirst("Building wheel for ".count).prefix { $0 != " " })
            return text.hasSuffix("still running...") ? "still building \(name)…" : text.hasSuffix("started") ? "building \(name) from source…" : nil
        }
        return nil
    }
}
