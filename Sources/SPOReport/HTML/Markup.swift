import SPOCore

/// Small pieces of markup the sections share: scores with their interval,
/// changes in points, marks, one-line previews. Everything from a session is
/// escaped here too.
enum Markup {
    /// "40.0%" with the interval and n after it, or "–".
    static func score(_ e: ScoreEntry?) -> String {
        guard let e else { return "<span class=\"none\">–</span>" }
        var s = "<span class=\"pct\">" + HTMLText.escape(Format.percent(e.score)) + "</span>"
        var extra: [String] = []
        if let lo = e.low, let hi = e.high, lo.isFinite, hi.isFinite {
            extra.append(Format.fixed(lo * 100, 1) + "–" + Format.fixed(hi * 100, 1))
        }
        extra.append("n=\(e.n)")
        s += " <span class=\"ci\">" + HTMLText.escape(extra.joined(separator: " · ")) + "</span>"
        return s
    }

    /// A change in points, coloured by its sign; empty when unknown.
    static func delta(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "" }
        let cls = d > 0.0005 ? "up" : d < -0.0005 ? "down" : "same"
        return "<span class=\"delta \(cls)\">" + HTMLText.escape(Format.delta(d)) + "</span>"
    }

    /// The change between two scores.
    static func delta(_ a: ScoreEntry?, _ b: ScoreEntry?) -> String {
        guard let a, let b else { return "" }
        return delta(b.score - a.score)
    }

    /// A mark badge ("best", "kept", …) in its own class.
    static func mark(_ cls: String, _ text: String, title: String) -> String {
        "<span class=\"mark \(cls)\" title=\"\(HTMLText.escape(title))\">" + HTMLText.escape(text) + "</span>"
    }

    /// A prompt's text squeezed onto one line and cut.
    static func preview(_ text: String, limit: Int = 140) -> String {
        let line = Format.preview(text)
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    /// A link to an anchor in the document.
    static func link(_ anchor: String, _ text: String) -> String {
        "<a href=\"#" + HTMLText.escape(anchor) + "\">" + HTMLText.escape(text) + "</a>"
    }
}
