/// A row of the candidate tree: a system prompt, a task under it, or a user
/// prompt of that task scored under it. Selection is kept by id, so it stays on
/// the same row while rows are added above it.
public enum TreeRowID: Sendable, Hashable {
    case system(String)
    case task(system: String, task: String)
    case user(system: String, task: String, user: String)

    /// The candidate the row stands for (nil for a task row).
    public var candidate: String? {
        switch self {
        case .system(let s): s
        case .task: nil
        case .user(_, _, let u): u
        }
    }

    public var system: String {
        switch self {
        case .system(let s), .task(let s, _), .user(let s, _, _): s
        }
    }

    public var depth: Int {
        switch self {
        case .system: 0
        case .task: 1
        case .user: 2
        }
    }
}
