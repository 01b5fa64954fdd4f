/// A frame: a grid of cells that views draw into and the terminal driver copies
/// to the real screen. Drawing never goes outside the grid or a given limit,
/// and keeps wide glyphs whole (overwriting half of one blanks the other half).
public struct Screen: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Draw only ASCII (the locale is not UTF-8): borders, bars and marks use
    /// ASCII stand-ins, and `InertText` turns other characters into `?`.
    public let ascii: Bool
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, ascii: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.ascii = ascii
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public init(size: Size, ascii: Bool = false) {
        self.init(width: size.width, height: size.height, ascii: ascii)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x x: Int, y y: Int) -> Cell {
        cells[y * width + x]
    }

    // MARK: single cells

    /// Sets one cell, repairing any wide glyph it cuts through.
    public mutating func set(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(glyph: " ", role: cells[i - 1].role) }
        if cells[i].width == 2, x + 1 < width { cells[i + 1] = Cell(glyph: " ", role: cells[i + 1].role) }
        cells[i] = cell
    }

    /// Places a glyph at (x, y) if it fits before `limit`; returns the next x.
    @discardableResult
    public mutating func put(_ g: Glyph, x: Int, y: Int, limit: Int? = nil) -> Int {
        let end = min(limit ?? width, width)
        guard y >= 0, y < height, x >= 0, x < end else { return x + g.width }
        if g.width == 2 {
            guard x + 1 < end else {
                // Half a wide glyph cannot be drawn; keep the cell blank.
                set(x: x, y: y, Cell(glyph: " ", role: g.role))
                return x + 2
            }
            set(x: x, y: y, Cell(glyph: g.char, width: 2, role: g.role))
            if cells[y * width + x + 1].width == 2, x + 2 < width {
                cells[y * width + x + 2] = Cell(glyph: " ", role: cells[y * width + x + 2].role)
            }
            cells[y * width + x + 1] = Cell(glyph: " ", width: 0, role: g.role)
            return x + 2
        }
        set(x: x, y: y, Cell(glyph: g.char, width: 1, role: g.role))
        return x + 1
    }

    // MARK: text

    /// Draws glyphs from (x, y), cut at `limit` (exclusive column); returns the next x.
    @discardableResult
    public mutating func put(_ glyphs: [Glyph], x: Int, y: Int, limit: Int? = nil) -> Int {
        var cx = x
        let end = min(limit ?? width, width)
        for g in glyphs {
            if cx >= end { break }
            cx = put(g, x: cx, y: y, limit: end)
        }
        return cx
    }

    /// Draws untrusted text on one line (made inert), cut at `limit`.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .text, limit: Int? = nil) -> Int {
        put(InertText.glyphs(text, role: role, ascii: ascii), x: x, y: y, limit: limit)
    }

    /// Draws text in a one-row rectangle; with `ellipsis`, a cut is shown as `…`.
    @discardableResult
    public mutating func put(_ text: String, in rect: Rect, role: Role = .text, ellipsis: Bool = true) -> Int {
        guard !rect.isEmpty else { return rect.x }
        return put(InertText.glyphs(text, role: role, ascii: ascii), in: rect, ellipsis: ellipsis)
    }

    @discardableResult
    public mutating func put(_ glyphs: [Glyph], in rect: Rect, ellipsis: Bool = true) -> Int {
        guard !rect.isEmpty else { return rect.x }
        if ellipsis, glyphs.displayWidth > rect.width, rect.width >= 1 {
            var cut: [Glyph] = []
            var w = 0
            for g in glyphs {
                if w + g.width > rect.width - 1 { break }
                cut.append(g)
                w += g.width
            }
            cut.append(Glyph(ascii ? "~" : "…", role: glyphs.last?.role ?? .text))
            return put(cut, x: rect.x, y: rect.y, limit: rect.maxX)
        }
        return put(glyphs, x: rect.x, y: rect.y, limit: rect.maxX)
    }

    /// Draws text right-aligned so it ends at `rect.maxX`.
    public mutating func putRight(_ glyphs: [Glyph], in rect: Rect) {
        let w = glyphs.displayWidth
        if w >= rect.width {
            put(glyphs, in: rect)
        } else {
            put(glyphs, x: rect.maxX - w, y: rect.y, limit: rect.maxX)
        }
    }

    /// Fills a rectangle with one glyph.
    public mutating func fill(_ rect: Rect, glyph: Character = " ", role: Role = .text) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                set(x: x, y: y, Cell(glyph: glyph, role: role))
            }
        }
    }

    /// Changes the role of every cell in a rectangle, keeping the glyphs
    /// (a selection bar over a drawn row).
    public mutating func restyle(_ rect: Rect, role: Role) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) {
                cells[y * width + x].role = role
            }
        }
    }

    /// Wraps text into a rectangle, skipping the first `scroll` lines; returns
    /// how many lines the whole text took.
    @discardableResult
    public mutating func wrap(_ text: String, in rect: Rect, role: Role = .text, scroll: Int = 0) -> Int {
        let lines = TextWrap.lines(text, width: rect.width, role: role, ascii: ascii)
        draw(lines: lines, in: rect, scroll: scroll)
        return lines.count
    }

    /// Draws pre-wrapped lines into a rectangle from line `scroll` on.
    public mutating func draw(lines: [[Glyph]], in rect: Rect, scroll: Int = 0) {
        guard !rect.isEmpty else { return }
        let start = max(0, min(scroll, lines.count))
        for (row, line) in lines[start...].prefix(rect.height).enumerated() {
            put(line, x: rect.x, y: rect.y + row, limit: rect.maxX)
        }
    }

    // MARK: boxes

    /// The glyphs of a box: corners, edges.
    struct BoxGlyphs {
        var tl: Character, tr: Character, bl: Character, br: Character, h: Character, v: Character
    }

    var boxGlyphs: BoxGlyphs {
        ascii
            ? BoxGlyphs(tl: "+", tr: "+", bl: "+", br: "+", h: "-", v: "|")
            : BoxGlyphs(tl: "┌", tr: "┐", bl: "└", br: "┘", h: "─", v: "│")
    }

    /// Draws a border on the edge of `rect` with an optional title in it, and
    /// clears the inside.
    public mutating func box(_ rect: Rect, title: String? = nil, role: Role = .border, titleRole: Role = .title, clear: Bool = true) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        if clear { fill(rect.inner) }
        let b = boxGlyphs
        for x in rect.x + 1..<rect.maxX - 1 {
            set(x: x, y: rect.y, Cell(glyph: b.h, role: role))
            set(x: x, y: rect.maxY - 1, Cell(glyph: b.h, role: role))
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            set(x: rect.x, y: y, Cell(glyph: b.v, role: role))
            set(x: rect.maxX - 1, y: y, Cell(glyph: b.v, role: role))
        }
        set(x: rect.x, y: rect.y, Cell(glyph: b.tl, role: role))
        set(x: rect.maxX - 1, y: rect.y, Cell(glyph: b.tr, role: role))
        set(x: rect.x, y: rect.maxY - 1, Cell(glyph: b.bl, role: role))
        set(x: rect.maxX - 1, y: rect.maxY - 1, Cell(glyph: b.br, role: role))
        if let title, rect.width > 4 {
            put(" " + title + " ", in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), role: titleRole)
        }
    }

    /// Text on the bottom edge of a box, right-aligned (a scroll position, a hint).
    public mutating func boxFooter(_ rect: Rect, _ text: String, role: Role = .dim) {
        guard rect.width > 4, rect.height >= 2 else { return }
        putRight(InertText.glyphs(" " + text + " ", role: role, ascii: ascii), in: Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1))
    }

    // MARK: snapshots

    /// The frame as text, one string per row (continuation cells left out, so
    /// each row is as wide on a terminal as the grid).
    public func textLines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x: x, y: y].isContinuation { s.append(self[x: x, y: y].glyph) }
            return s
        }
    }

    /// The roles of the frame, one `Role.code` per cell.
    public func styleLines() -> [String] {
        (0..<height).map { y in String((0..<width).map { self[x: $0, y: y].role.code }) }
    }

    /// The text of the frame with trailing spaces removed, as one string.
    public var text: String {
        textLines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
