public import SPOCore

/// The outcome of asking the base model one example: what it said, how that scored, and what it cost.
public struct ExampleOutcome: Sendable, Hashable, Codable {
    /// Index of the example in its split.
    public var index: Int
    public var response: String
    public var item: ScoredItem
    /// What the reply cost: completion tokens, seconds, and whether it hit its cap.
    public var cost: AnswerCost?

    public init(index: Int, response: String, item: ScoredItem, cost: AnswerCost? = nil) {
        self.index = index
        self.response = response
        self.item = item
        self.cost = cost
    }
}
