/// What a cell means. Views speak only in roles; a theme decides the colours
/// and attributes of each, so the same frame works on any terminal.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case text
    case title
    case dim
    case selected
    case border
    case scoreUp = "score-up"
    case scoreDown = "score-down"
    case best
    case kept
    case pinned
    case pruned
    case warning
    case error
    case diffAdd = "diff-add"
    case diffDel = "diff-del"
    case chart

    /// One letter per role, for the style half of snapshot files.
    public var code: Character {
        switch self {
        case .text: "."
        case .title: "T"
        case .dim: "d"
        case .selected: "S"
        case .border: "b"
        case .scoreUp: "+"
        case .scoreDown: "-"
        case .best: "*"
        case .kept: "k"
        case .pinned: "p"
        case .pruned: "x"
        case .warning: "w"
        case .error: "E"
        case .diffAdd: "A"
        case .diffDel: "D"
        case .chart: "c"
        }
    }
}
