/// A terminal colour: the terminal's own default, or an index of the
/// 256-colour palette (0–15 are the named ANSI colours).
public enum TermColor: Sendable, Hashable, CustomStringConvertible {
    case terminalDefault
    case index(Int)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Reads `default`, a colour name (`red`, `bright-red`, `gray`), a palette
    /// index (`0`–`255`) or `#rrggbb` (the nearest palette colour). Nil if unknown.
    public init?(parsing raw: String) {
        let s = raw.trimmingSpaces.lowercased()
        if s == "default" || s == "none" || s == "terminal" {
            self = .terminalDefault
            return
        }
        if let n = Int(s) {
            guard (0...255).contains(n) else { return nil }
            self = .index(n)
            return
        }
        if s == "gray" || s == "grey" {
            self = .index(8)
            return
        }
        for prefix in ["bright-", "bright_", "bright", "light-", "light_", "light"] where s.hasPrefix(prefix) {
            guard let i = Self.names.firstIndex(of: String(s.dropFirst(prefix.count))) else { return nil }
            self = .index(8 + i)
            return
        }
        if let i = Self.names.firstIndex(of: s) {
            self = .index(i)
            return
        }
        if s.hasPrefix("#"), s.count == 7, let rgb = Int(s.dropFirst(), radix: 16) {
            self = .index(Self.nearest(r: (rgb >> 16) & 0xFF, g: (rgb >> 8) & 0xFF, b: rgb & 0xFF))
            return
        }
        return nil
    }

    /// The nearest colour of the xterm 6×6×6 cube or grey ramp.
    static func nearest(r: Int, g: Int, b: Int) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func level(_ v: Int) -> Int { levels.indices.min { abs(levels[$0] - v) < abs(levels[$1] - v) }! }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = sq(levels[ri] - r) + sq(levels[gi] - g) + sq(levels[bi] - b)
        let grey = max(0, min(23, ((r + g + b) / 3 - 8 + 5) / 10))
        let gv = 8 + 10 * grey
        let greyDistance = sq(gv - r) + sq(gv - g) + sq(gv - b)
        return greyDistance < cubeDistance ? 232 + grey : cube
    }

    private static func sq(_ v: Int) -> Int { v * v }

    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .index(let i): i < 8 ? Self.names[i] : i < 16 ? "bright-" + Self.names[i - 8] : String(i)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
