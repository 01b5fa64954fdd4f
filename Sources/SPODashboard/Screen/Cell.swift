/// One terminal cell. A wide glyph sits in its left cell with `width` 2; the
/// right cell is a continuation (`width` 0) that draws nothing itself.
public struct Cell: Sendable, Hashable {
    public var glyph: Character
    /// 1 or 2 for a glyph, 0 for the right half of a wide one.
    public var width: UInt8
    public var role: Role

    public init(glyph: Character, width: UInt8 = 1, role: Role = .text) {
        self.glyph = glyph
        self.width = width
        self.role = role
    }

    public static let blank = Cell(glyph: " ")

    public var isContinuation: Bool { width == 0 }
}
