/// A character ready to be placed: already made inert (see `InertText`), with
/// its display width and the role it is drawn in.
public struct Glyph: Sendable, Hashable {
    public var char: Character
    /// 1 or 2 cells.
    public var width: Int
    public var role: Role

    public init(_ char: Character, width: Int = 1, role: Role = .text) {
        self.char = char
        self.width = width
        self.role = role
    }

    public var isSpace: Bool { char == " " }
}

extension Array where Element == Glyph {
    /// Total display width.
    public var displayWidth: Int { reduce(0) { $0 + $1.width } }
}
