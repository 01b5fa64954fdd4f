/// A whole report: one self-contained HTML page (inline CSS and SVG, no
/// scripts, nothing fetched) over one or more sessions, with a comparison of
/// the runs when there are several and tables of any results files given.
/// Pure: the same sessions give the same bytes.
public struct Report: Sendable {
    public var title: String
    public var sessions: [ReportSession]
    public var results: [ResultsFile]

    public init(sessions: [ReportSession], results: [ResultsFile] = [], title: String? = nil) {
        self.sessions = sessions
        self.results = results
        self.title = title ?? (sessions.count == 1 ? "metaspo run \(sessions[0].title)" : "metaspo: \(sessions.count) runs")
    }

    /// The anchor of the k-th session's section.
    static func anchor(session k: Int) -> String { "run-\(k + 1)" }

    public func html() -> String {
        var w = HTMLWriter()
        w.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Even if some text slipped through unescaped, nothing could run or load.
        w.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        w.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        w.raw("<meta name=\"generator\" content=\"metaspo report\">\n")
        w.element("title", text: title)
        w.raw("\n<style>\n" + Stylesheet.css + "</style>\n</head>\n<body>\n")
        w.element("header", class: "top") { w in
            w.element("h1", text: title)
            w.element("p", class: "sub", text: subtitle)
            w.element("nav") { w in
                w.open("ol")
                if sessions.count > 1 { w.raw("<li>" + Markup.link("comparison", "Comparison of the runs") + "</li>") }
                for (k, s) in sessions.enumerated() {
                    w.raw("<li>" + Markup.link(Self.anchor(session: k), "Run \(s.title)") + " <span class=\"file\">" + HTMLText.escape(s.name) + "</span></li>")
                }
                if !results.isEmpty { w.raw("<li>" + Markup.link("results", "Results files") + "</li>") }
                w.close("ol")
            }
        }
        w.raw("\n<main>\n")
        if sessions.count > 1 { ComparisonSection(sessions: sessions).write(&w) }
        for (k, s) in sessions.enumerated() {
            SessionSection(session: s, anchor: Self.anchor(session: k)).write(&w)
        }
        if !results.isEmpty { ResultsSection(files: results).write(&w) }
        w.raw("</main>\n")
        w.element("footer", text: "Made by metaspo report. One file: no scripts, no fonts or images fetched; charts are inline SVG.")
        w.raw("\n</body>\n</html>\n")
        return w.html
    }

    var subtitle: String {
        let names = sessions.map(\.name).joined(separator: ", ")
        return "\(sessions.count) session\(sessions.count == 1 ? "" : "s"): \(names)" + (results.isEmpty ? "" : "; \(results.count) results file\(results.count == 1 ? "" : "s")")
    }
}
