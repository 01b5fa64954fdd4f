/// A key press, as the terminal driver decodes it.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case char(Character)
    /// Ctrl plus a letter (`ctrl("s")`).
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace, delete
    case function(Int)

    /// How the key is written in help and hints.
    public func label(ascii: Bool) -> String {
        switch self {
        case .char(" "): "space"
        case .char(let c): String(c)
        case .ctrl(let c): "^" + String(c).uppercased()
        case .up: ascii ? "Up" : "↑"
        case .down: ascii ? "Down" : "↓"
        case .left: ascii ? "Left" : "←"
        case .right: ascii ? "Right" : "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .escape: "Esc"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .function(let n): "F\(n)"
        }
    }

    public var description: String { label(ascii: true) }
}
