/// Builds an HTML document as text. Tag and attribute names are written by our
/// code; every text and attribute value goes through `HTMLText.escape`, so
/// nothing from a session can open a tag or leave an attribute.
struct HTMLWriter {
    private(set) var html = ""

    /// Markup written by our own code (never session text).
    mutating func raw(_ markup: String) {
        html += markup
    }

    /// Escaped text.
    mutating func text(_ s: String) {
        html += HTMLText.escape(s)
    }

    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        html += "<" + tag
        for (name, value) in attributes { html += " " + name + "=\"" + HTMLText.escape(value) + "\"" }
        html += ">"
    }

    mutating func open(_ tag: String, class cls: String, _ attributes: [(String, String)] = []) {
        open(tag, [("class", cls)] + attributes)
    }

    mutating func close(_ tag: String) {
        html += "</" + tag + ">"
    }

    /// `<tag …>text</tag>`.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    mutating func element(_ tag: String, class cls: String, text: String) {
        element(tag, [("class", cls)], text: text)
    }

    /// `<tag …>` body `</tag>`.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], _ body: (inout HTMLWriter) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    mutating func element(_ tag: String, class cls: String, _ body: (inout HTMLWriter) -> Void) {
        element(tag, [("class", cls)], body)
    }

    mutating func newline() {
        html += "\n"
    }

    /// A table: a header row and rows of cells, each cell text with an
    /// optional class.
    mutating func table(class cls: String = "data", header: [String], rows: [[Cell]]) {
        // Wide tables scroll on their own instead of widening the page.
        open("div", class: "table-wrap")
        open("table", class: cls)
        open("thead")
        open("tr")
        for h in header { element("th", text: h) }
        close("tr")
        close("thead")
        open("tbody")
        for row in rows {
            open("tr")
            for c in row {
                var attributes: [(String, String)] = c.cls.isEmpty ? [] : [("class", c.cls)]
                if let t = c.title { attributes.append(("title", t)) }
                open(c.header ? "th" : "td", attributes)
                if let markup = c.markup { raw(markup) } else { text(c.text) }
                close(c.header ? "th" : "td")
            }
            close("tr")
            newline()
        }
        close("tbody")
        close("table")
        close("div")
        newline()
    }

    /// One table cell.
    struct Cell {
        var text: String
        var cls: String = ""
        var title: String?
        var header = false
        /// Markup built by a writer (already escaped), used instead of `text`.
        var markup: String?

        init(_ text: String, _ cls: String = "", title: String? = nil, header: Bool = false) {
            self.text = text
            self.cls = cls
            self.title = title
            self.header = header
        }

        init(markup: String, _ cls: String = "") {
            text = ""
            self.cls = cls
            self.markup = markup
        }
    }
}
