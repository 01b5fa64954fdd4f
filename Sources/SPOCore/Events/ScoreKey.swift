/// A node on a split: the key of a score, in the fold (`RunModel.scores`) and
/// in the engine (its results and asked examples).
public struct ScoreKey: Sendable, Hashable, Comparable {
    public var node: NodeRef
    public var split: Split

    public init(node: NodeRef, split: Split) {
        self.node = node
        self.split = split
    }

    public init(system: String, user: String, task: String, split: Split = .train) {
        self.init(node: NodeRef(system: system, user: user, task: task), split: split)
    }

    public static func < (a: ScoreKey, b: ScoreKey) -> Bool { (a.node, a.split.rawValue) < (b.node, b.split.rawValue) }
}
