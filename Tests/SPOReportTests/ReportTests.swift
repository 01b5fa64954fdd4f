import Foundation
import SPOCore
import SPODashboard
import SPOReport
import Testing

/// The HTML report: its sections, one chart per task, escaping of hostile
/// text, nothing fetched from outside, and byte-stable output.
struct ReportTests {
    /// Every tag in a page, with its name and attributes, so tests can check
    /// that only tags and attributes our code writes are there.
    static func tags(_ html: String) -> [(name: String, attributes: [(String, String)], raw: String)] {
        var out: [(name: String, attributes: [(String, String)], raw: String)] = []
        var rest = Substring(html)
        while let lt = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: lt)...]
            guard let gt = after.firstIndex(of: ">") else { break }
            let inside = String(after[..<gt])
            rest = after[after.index(after: gt)...]
            if inside.hasPrefix("!DOCTYPE") { continue }
            var body = Substring(inside)
            if body.hasPrefix("/") { body = body.dropFirst() }
            if body.hasSuffix("/") { body = body.dropLast() }
            let name = String(body.prefix { $0.isLetter || $0.isNumber })
            var attrText = body.dropFirst(name.count)
            var attributes: [(String, String)] = []
            while let m = attrText.firstMatch(of: /^\s+([a-zA-Z][a-zA-Z0-9-]*)="([^"]*)"/) {
                attributes.append((String(m.output.1), String(m.output.2)))
                attrText = attrText[m.range.upperBound...]
            }
            // Whatever is left must be nothing: no bare attribute, no stray quote.
            out.append((name, attributes, inside + (attrText.allSatisfy(\.isWhitespace) ? "" : " ⟵ LEFTOVER")))
        }
        return out
    }

    static let allowedTags: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "footer", "main", "nav", "section", "article",
        "h1", "h2", "h3", "h4", "h5", "p", "ol", "ul", "li", "a", "span", "div", "dl", "dt", "dd", "details", "summary",
        "table", "thead", "tbody", "tr", "th", "td", "pre", "figure", "figcaption", "del", "ins", "br",
        "svg", "g", "line", "text", "polyline", "polygon", "circle", "rect",
    ]
    static let allowedAttributes: Set<String> = [
        "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "title", "open", "role", "aria-label",
        "viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "points", "text-anchor",
    ]

    /// Only our tags and attributes; links only inside the page.
    static func checkMarkup(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for t in tags(html) {
            #expect(allowedTags.contains(t.name.lowercased()), "unexpected tag: <\(t.raw)>", sourceLocation: sourceLocation)
            #expect(!t.raw.hasSuffix("LEFTOVER"), "unparsed attribute text: <\(t.raw)>", sourceLocation: sourceLocation)
            for (a, v) in t.attributes {
                #expect(allowedAttributes.contains(a), "unexpected attribute \(a) in <\(t.raw)>", sourceLocation: sourceLocation)
                if a == "href" { #expect(v.hasPrefix("#"), "link leaves the page: \(v)", sourceLocation: sourceLocation) }
            }
        }
        for bad in ["<script", "<link", "<img", "<iframe", "@import", "url(", "javascript:", "src="] where bad != "src=" {
            #expect(!html.lowercased().contains(bad), "found \(bad)", sourceLocation: sourceLocation)
        }
        // Nothing a terminal or a browser would act on.
        for s in html.unicodeScalars where (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value) || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) {
            Issue.record("control or bidi character U+\(String(s.value, radix: 16))", sourceLocation: sourceLocation)
        }
    }

    @Test func shippedSessionHasEverySection() throws {
        let session = try ReportFixtures.shipped()
        let html = Report(sessions: [session]).html()
        for id in ["run-1", "run-1-config", "run-1-scores", "run-1-charts", "run-1-best", "run-1-diffs", "run-1-tree", "run-1-analyses", "run-1-usage"] {
            #expect(html.contains("id=\"\(id)\""), "section \(id)")
        }
        // One chart per task, source and unseen.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        for task in ["object_counting", "boolean_expressions", "navigate"] {
            #expect(html.contains("id=\"run-1-chart-\(task)\""), "chart of \(task)")
        }
        // The run's outcome: S2 is best; navigate's test went 20% → 40%.
        #expect(html.contains("★ best"))
        #expect(html.contains("System prompt S2"))
        #expect(html.contains("<span class=\"pct\">20.0%</span>") && html.contains("<span class=\"pct\">40.0%</span>"))
        // The diff of the system prompt and the analyses behind kept prompts.
        #expect(html.contains("system prompt: S1 → S2"))
        #expect(html.contains("<ins>"))
        #expect(html.contains("id=\"run-1-A3\""), "A3 led to the best system prompt")
        #expect(html.contains("id=\"run-1-A1\""), "A1 led to the kept U4")
        #expect(html.contains("2 other analyses"), "A2 and A4 led to prompts that were not kept")
        // No comparison for one run, no results section without files.
        #expect(!html.contains("id=\"comparison\""))
        #expect(!html.contains("id=\"results\""))
        Self.checkMarkup(html)
    }

    @Test func shippedSessionFetchesNothing() throws {
        let html = Report(sessions: [try ReportFixtures.shipped()]).html()
        for bad in ["http://", "https://", "src=", "<script", "<link", "url("] {
            #expect(!html.contains(bad), "found \(bad)")
        }
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func hostileTextIsEscaped() throws {
        let session = try ReportFixtures.hostile()
        let html = Report(sessions: [session], results: [ResultsFile(name: "r<script>.json", value: ["<script>x</script>": "\"><img src=x onerror=alert(1)>"])]).html()
        Self.checkMarkup(html)
        #expect(!html.contains(ReportFixtures.script))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg onload"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("a &amp; b"))
        // Escape sequences and bidi overrides become visible stand-ins.
        #expect(html.contains("␛[31mred"))
        #expect(html.contains("\u{FFFD}evil"))
        #expect(html.contains("Second ␛]0;title␇ question"))
        // Keys never reach the page, even from a hand-edited header.
        #expect(!html.contains("sk-SECRET"))
        #expect(html.contains("OPENAI_API_KEY"))
        // The hostile task still gets its chart and its anchor is plain.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(html.contains("id=\"run-1-chart-t_3cscript_3ealert_281_29_3c_2fscript_3e\""))
    }

    @Test func escapeHandlesEveryKindOfCharacter() {
        #expect(HTMLText.escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(HTMLText.escape("a\r\nb\rc\u{0}d\u{7F}e\u{85}f\u{200B}g") == "a\nb␍c␀d␡e\u{FFFD}f\u{FFFD}g")
        #expect(HTMLText.escape("line\n\ttab é 日本 🙂") == "line\n\ttab é 日本 🙂")
        #expect(HTMLText.anchor("run-1", "S 2/é") == "run-1-S_202_2f_c3_a9")
    }

    @Test func outputIsByteStable() throws {
        let a = Report(sessions: [try ReportFixtures.shipped()]).html()
        let b = Report(sessions: [try ReportFixtures.shipped()]).html()
        #expect(a == b)
        // A golden copy catches anything that changes between processes
        // (dictionary order is seeded per process).
        let url = ReportFixtures.repo.appendingPathComponent("Tests/SPOReportTests/__Snapshots__/quick-qwen1.5b.html")
        if ProcessInfo.processInfo.environment["METASPO_RECORD_SNAPSHOTS"] == "1" {
            try a.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        if golden != a {
            let x = a.components(separatedBy: "\n"), y = golden.components(separatedBy: "\n")
            let line = zip(x, y).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.count, y.count)
            Issue.record("report differs from the golden file at line \(line + 1) (METASPO_RECORD_SNAPSHOTS=1 re-records):\n  golden: \(line < y.count ? y[line] : "(end)")\n  now:    \(line < x.count ? x[line] : "(end)")")
        }
    }

    @Test func severalSessionsGetAComparison() throws {
        let html = Report(sessions: [try ReportFixtures.shipped(), try ReportFixtures.shippedPrefix(60), try ReportFixtures.hostile()]).html()
        #expect(html.contains("id=\"comparison\""))
        for k in 1...3 { #expect(html.contains("id=\"run-\(k)\"")) }
        #expect(html.contains("metaspo: 3 runs"))
        // 3 + 3 + 2 task charts, plus one combined chart for each source task two runs share.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 8 + 2)
        #expect(html.contains("object_counting: best train score by iteration, per run"))
        Self.checkMarkup(html)
    }

    @Test func unfinishedRunSaysSo() throws {
        let html = Report(sessions: [try ReportFixtures.shippedPrefix(60)]).html()
        #expect(html.contains("not finished"))
        #expect(html.contains("Prompt in use (the run did not finish)"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.contains("no scores yet"), "navigate has no test score yet")
        Self.checkMarkup(html)
    }

    @Test func resultsFilesBecomeTables() throws {
        let value = try JSONValue.parse(#"{"rows":[{"task":"navigate","system":"default","score":0.2,"n":10},{"task":"navigate","system":"S2","score":0.4,"n":10,"low":0.17}],"note":"baseline table"}"#)
        let html = Report(sessions: [try ReportFixtures.shipped()], results: [ResultsFile(name: "compare.json", value: value)]).html()
        #expect(html.contains("id=\"results\""))
        #expect(html.contains("<th>task</th><th>system</th><th>score</th><th>n</th><th>low</th>"))
        #expect(html.contains("<td class=\"num\">0.4</td>"))
        #expect(html.contains("<dd>baseline table</dd>"))
        Self.checkMarkup(html)
    }
}
