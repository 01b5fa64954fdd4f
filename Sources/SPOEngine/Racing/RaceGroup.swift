import Foundation
import SPOCore

/// One race: prompts of one kind scored on the same examples, competing for
/// `keep` places with incumbents that are already fully scored.
///
/// An item is one example of one node with the racing prompt left out: for
/// system prompts, a (kept user prompt, task) pair and an example index; for
/// user prompts, the current system prompt, the task and an example index.
struct RaceGroup: Sendable {
    enum Kind: Sendable { case system, user }

    struct Item: Sendable, Hashable {
        /// The prompt that stays fixed: a user prompt when system prompts race, and the reverse.
        var other: String
        var task: String
        /// Index into the task's train split.
        var index: Int
    }

    var kind: Kind
    var phase: PhaseName
    /// The task of an inner-loop race.
    var task: String?
    /// Racing prompts, in creation order.
    var candidates: [String]
    /// Prompts compared on the same examples without being asked again.
    var incumbents: [String]
    /// Places the race fills.
    var keep: Int
    /// Successive halving down to this many racers; nil: drop only on the bound.
    var halvingFloor: Int?
    /// Every example of a full evaluation, in the order they join the subsample.
    var items: [Item]
    /// Drops by `RacePolicy.paretoDrops` (on every task some other prompt is
    /// clearly better) instead of the mean's bound and halving: `selection: pareto`.
    var perTask = false

    func node(_ prompt: String, _ item: Item) -> NodeRef {
        switch kind {
        case .system: NodeRef(system: prompt, user: item.other, task: item.task)
        case .user: NodeRef(system: item.other, user: prompt, task: item.task)
        }
    }

    /// `prompt`'s nodes among `items`, in the order the items meet them, each
    /// with its example indices in item order: one request per node.
    func nodes(of prompt: String, in items: ArraySlice<Item>) -> [(node: NodeRef, indices: [Int])] {
        var byNode: [NodeRef: [Int]] = [:]
        var order: [NodeRef] = []
        for item in items {
            let n = node(prompt, item)
            if byNode[n] == nil { order.append(n) }
            byNode[n, default: []].append(item.index)
        }
        return order.map { ($0, byNode[$0]!) }
    }

    /// The subsample order: each (other prompt, task) slot's examples in a
    /// seeded shuffle, slots taken in turn, so every prefix spreads evenly over
    /// tasks and kept prompts.
    static func items(slots: [(other: String, task: String, count: Int)], seed: UInt64, stream: String) -> [Item] {
        let orders: [[Int]] = slots.map { slot in
            var rng = SeededRandom(seed: seed, stream: "\(stream)/\(slot.task)/\(slot.other)")
            return Array(0..<slot.count).stableShuffled(using: &rng)
        }
        var out: [Item] = []
        out.reserveCapacity(orders.reduce(0) { $0 + $1.count })
        var position = 0
        var more = true
        while more {
            more = false
            for (s, order) in orders.enumerated() where position < order.count {
                out.append(Item(other: slots[s].other, task: slots[s].task, index: order[position]))
                more = true
            }
            position += 1
        }
        return out
    }
}
