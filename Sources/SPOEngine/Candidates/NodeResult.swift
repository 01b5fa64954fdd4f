public import SPOCore

/// The train (or test) result of one node, with what the optimizer may be shown.
public struct NodeResult: Sendable, Hashable {
    public var node: NodeRef
    public var split: Split
    public var summary: ScoreSummary
    /// Wrongly answered examples, by index into the split.
    public var wrong: [EngineEvent.WrongExample]
    /// What its replies cost, summed (nil when the model reported nothing).
    public var cost: AnswerCost?

    public init(node: NodeRef, split: Split, summary: ScoreSummary, wrong: [EngineEvent.WrongExample], cost: AnswerCost? = nil) {
        self.node = node
        self.split = split
        self.summary = summary
        self.wrong = wrong
        self.cost = cost
    }

    public var score: Double { summary.score }
}
