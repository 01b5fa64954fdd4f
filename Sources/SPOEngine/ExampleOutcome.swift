public import SPOCore

/// The outcome of asking the base model one example: what it said and how that scored.
public struct ExampleOutcome: Sendable, Hashable, Codable {
    /// Index of the example in its split.
    public var index: Int
    public var response: String
    public var item: ScoredItem

    public init(index: Int, response: String, item: ScoredItem) {
        self.index = index
        self.response = response
        self.item = item
    }
}
