/// A finished evaluation.
public struct ScoreEntry: Sendable, Hashable {
    public var score: Double
    public var n: Int
    public var correct: Int?
    public var low: Double?
    public var high: Double?
    public var wrongCount: Int
    public var seq: Int
}
