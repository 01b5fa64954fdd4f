/// Short, fixed-width forms of numbers for the dashboard's panes and the report.
public enum Format {
    /// `, 45 tok/answer, 2 cut` after a score, or "" when the cost is unknown.
    public static func answerCost(tokens: Double?, cut: Int?) -> String {
        guard let tokens else { return "" }
        return ", \(tokensShort(tokens)) tok/answer" + ((cut ?? 0) > 0 ? ", \(cut!) cut" : "")
    }

    /// Mean tokens as a short figure: `8.5`, `45`, `1.2k`.
    public static func tokensShort(_ t: Double) -> String {
        guard t.isFinite else { return "–" }
        if t < 10 { return fixed(t, 1) }
        if t < 1000 { return String(Int(t.rounded())) }
        return fixed(t / 1000, 1) + "k"
    }

    /// 0.5417 → "54.2%".
    public static func percent(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        return fixed(v * 100, 1) + "%"
    }

    /// A change in score in points: +0.031 → "+3.1".
    public static func delta(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        let p = v * 100
        if abs(p) < 0.05 { return "±0" }
        return (p > 0 ? "+" : "-") + fixed(abs(p), 1)
    }

    /// A fixed number of decimals, without Foundation's formatters.
    public static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        // Past what an Int holds (a hand-made or damaged session) the short form will do.
        guard r < 1e18 else { return "\(v)" }
        let whole = Int(r / scale)
        var s = (v < 0 && r != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            var frac = String(Int(r) - whole * Int(scale))
            while frac.count < decimals { frac = "0" + frac }
            s += "." + frac
        }
        return s
    }

    /// 1234567 → "1,234,567".
    public static func count(_ n: Int) -> String { ScoreSummary.grouped(n) }

    /// Token counts: 950 → "950", 32110 → "32.1k", 4200000 → "4.20M".
    public static func tokens(_ n: Int) -> String {
        if n < 1000 { return String(n) }
        if n < 1_000_000 { return fixed(Double(n) / 1000, 1) + "k" }
        return fixed(Double(n) / 1_000_000, 2) + "M"
    }

    /// A number from an event field (budgets): whole numbers without decimals.
    public static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : fixed(v, 2)
    }

    /// Dollars: "$0.0123" under a dollar, "$12.34" above.
    public static func cost(_ v: Double) -> String {
        v < 1 ? "$" + fixed(v, v == 0 ? 2 : 4) : "$" + fixed(v, 2)
    }

    /// 312 → "5m12s", 3725 → "1h02m", 9 → "9s".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e15 else { return "–" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
        return "\(s / 3600)h" + pad2((s % 3600) / 60) + "m"
    }

    /// A log time stamp: "m:ss" or "h:mm:ss".
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e15 else { return "–" }
        let s = Int(max(0, seconds).rounded(.down))
        if s < 3600 { return "\(s / 60):" + pad2(s % 60) }
        return "\(s / 3600):" + pad2((s % 3600) / 60) + ":" + pad2(s % 60)
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Pads or cuts to exactly `width` characters (ASCII content).
    public static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        if s.count >= width { return String(s.prefix(width)) }
        let fill = String(repeating: " ", count: width - s.count)
        return right ? fill + s : s + fill
    }

    /// The first line of a prompt, whitespace squeezed, for one-line previews.
    public static func preview(_ text: String) -> String {
        var out = ""
        // Counted here: `out.count` walks the string, which made this quadratic
        // (half the time of a 200x60 frame went here).
        var length = 0
        var space = false
        for c in text {
            if c == " " || c == "\n" || c == "\t" || c == "\r\n" || c == "\r" {
                space = length > 0
                continue
            }
            if space {
                out.append(" ")
                length += 1
            }
            space = false
            out.append(c)
            length += 1
            if length > 400 { break }
        }
        return out
    }
}
