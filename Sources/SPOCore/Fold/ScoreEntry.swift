/// A finished evaluation.
public struct ScoreEntry: Sendable, Hashable {
    public var score: Double
    public var n: Int
    public var correct: Int?
    public var low: Double?
    public var high: Double?
    public var wrongCount: Int
    public var seq: Int
    /// Mean generated tokens per answer, and answers cut at their cap (nil in
    /// sessions written before they were recorded).
    public var answerTokens: Double? = nil
    public var cut: Int? = nil
}
