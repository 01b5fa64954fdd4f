/// A role a model plays in a run, as `usage` events and `run_started.models`
/// name it. An open set (`WireName`): a newer file's role is kept as read.
public struct ModelRole: WireName, Codable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Answers the task questions (the model whose system prompt is optimized).
    public static let base = ModelRole(rawValue: "base")
    /// Analyses failures and writes new prompts.
    public static let optimizer = ModelRole(rawValue: "optimizer")

    /// The roles this version gives models, in the order they are shown.
    public static let allCases: [ModelRole] = [.base, .optimizer]
}
