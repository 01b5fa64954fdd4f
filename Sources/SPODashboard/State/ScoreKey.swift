public import SPOCore

/// A node on a split ("train" or "test").
public struct ScoreKey: Sendable, Hashable, Comparable {
    public var node: NodeRef
    public var split: String

    public init(node: NodeRef, split: String) {
        self.node = node
        self.split = split
    }

    public init(system: String, user: String, task: String, split: String = "train") {
        self.init(node: NodeRef(system: system, user: user, task: task), split: split)
    }

    public static func < (a: ScoreKey, b: ScoreKey) -> Bool { (a.node, a.split) < (b.node, b.split) }
}
