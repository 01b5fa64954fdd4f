/// The two roles a model plays in MetaSPO.
public enum ModelRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Answers the task questions (the model whose system prompt is optimized).
    case base
    /// Analyses failures and writes new prompts.
    case optimizer
}
