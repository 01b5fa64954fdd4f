/// How one role looks: colours and attributes.
public struct RoleStyle: Sendable, Hashable {
    public var fg: TermColor
    public var bg: TermColor
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool
    public var italic: Bool

    public init(fg: TermColor = .terminalDefault, bg: TermColor = .terminalDefault, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false, italic: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
        self.italic = italic
    }

    public static let plain = RoleStyle()

    /// Attributes only, colours dropped (for `NO_COLOR`).
    public var withoutColors: RoleStyle {
        var s = self
        s.fg = .terminalDefault
        s.bg = .terminalDefault
        return s
    }

    public var hasAttributes: Bool { bold || dim || underline || reverse || italic }

    static let attributeNames = ["bold", "dim", "underline", "reverse", "italic"]

    mutating func setAttribute(_ name: String, _ on: Bool) -> Bool {
        switch name {
        case "bold": bold = on
        case "dim", "faint": dim = on
        case "underline", "underlined": underline = on
        case "reverse", "inverse": reverse = on
        case "italic": italic = on
        default: return false
        }
        return true
    }

    /// The short form used in theme files: `bold cyan on black`.
    public var description: String {
        var words: [String] = []
        for (name, on) in zip(Self.attributeNames, [bold, dim, underline, reverse, italic]) where on { words.append(name) }
        words.append(fg.description)
        if bg != .terminalDefault { words += ["on", bg.description] }
        return words.joined(separator: " ")
    }
}
