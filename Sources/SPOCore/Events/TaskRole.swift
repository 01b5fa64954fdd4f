/// What a task is to a run (`run_started.tasks[].role`): a source task it
/// optimizes on, or an unseen task it only tests. An open set: the raw value
/// is the bytes on disk, and a role this version does not know is kept as read.
public struct TaskRole: WireName, Codable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let source = TaskRole(rawValue: "source")
    public static let unseen = TaskRole(rawValue: "unseen")
    /// Report order: sources, then unseen tasks.
    public static let ordered: [TaskRole] = [.source, .unseen]
}
