/// The panes Tab cycles through.
public enum Pane: String, Sendable, Hashable, CaseIterable {
    case tree
    case scores
    case analysis
    case log

    public var title: String {
        switch self {
        case .tree: "Candidates"
        case .scores: "Scores"
        case .analysis: "Failure analysis"
        case .log: "Events"
        }
    }
}
