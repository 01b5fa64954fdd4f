/// A small plotting surface finer than cells: each cell holds 2x4 dots and is
/// drawn as a Braille character (U+2800 plus one bit per dot). In ASCII mode a
/// cell shows which half of it has dots: `'` top, `.` bottom, `:` both.
/// Markers replace a whole cell with one glyph of their own.
public struct DotCanvas: Sendable, Hashable {
    public let columns: Int
    public let rows: Int
    /// Dot bits per cell, row by row.
    private var bits: [UInt8]
    private var markers: [Int: Glyph] = [:]

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
    }

    /// Dots across and down.
    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    /// Sets the dot at (x, y), 0,0 top left; outside dots are ignored.
    public mutating func set(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let (cx, cy, dx, dy) = (x / 2, y / 4, x % 2, y % 4)
        // Braille dot numbering: 1-3 and 7 down the left column, 4-6 and 8 down the right.
        let bit: UInt8 = dy == 3 ? (dx == 0 ? 0x40 : 0x80) : UInt8(1 << (dy + dx * 3))
        bits[cy * columns + cx] |= bit
    }

    /// A straight line of dots between two dots (Bresenham).
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int)) {
        var (x, y) = a
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x, y: y)
            if x == b.x && y == b.y { break }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x += sx
            }
            if e2 <= dx {
                err += dx
                y += sy
            }
        }
    }

    /// Puts a glyph over the cell that holds dot (x, y).
    public mutating func mark(x: Int, y: Int, _ glyph: Glyph) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        markers[(y / 4) * columns + x / 2] = glyph
    }

    /// The dot (x, y) for a value pair: `fx` and `fy` from 0 to 1, y up.
    public func dot(fx: Double, fy: Double) -> (x: Int, y: Int) {
        let cx = min(max(fx.isFinite ? fx : 0, 0), 1), cy = min(max(fy.isFinite ? fy : 0, 0), 1)
        return (Int((cx * Double(max(0, dotWidth - 1))).rounded()), Int(((1 - cy) * Double(max(0, dotHeight - 1))).rounded()))
    }

    /// One row of cells as glyphs; empty cells are spaces.
    public func glyphs(row: Int, role: Role, ascii: Bool) -> [Glyph] {
        (0..<columns).map { cx in
            let i = row * columns + cx
            if let m = markers[i] { return m }
            let b = bits[i]
            if b == 0 { return Glyph(" ") }
            if ascii {
                let top = b & 0x1B != 0, bottom = b & 0xE4 != 0
                return Glyph(top && bottom ? ":" : top ? "'" : ".", role: role)
            }
            return Glyph(Character(Unicode.Scalar(0x2800 + UInt32(b))!), role: role)
        }
    }
}
