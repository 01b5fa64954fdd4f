import Foundation
import SPOCore
import SPOModelInterface

/// SPRIG (Zhang et al., 2024): a genetic search over system prompts built from
/// components. Each generation every member of the population (cycling through
/// it while it is smaller than `num_system_candidate`) gets one child by one
/// edit: **add** a component drawn from the library, **rephrase** one of its
/// components (one optimizer call), **swap** two components, or **delete** one.
/// Children are scored with each source task's kept user prompt (the initial
/// ones: user prompts never change), and the best `num_system_candidate` of
/// parents and children survive. Parents compete with their children, so the
/// best mean train score never falls from one generation to the next.
///
/// Phases: `init`, then `generation` (2 × `iteration` of them, as many system
/// steps as `outer-only`), then `test`. Each generation's `selection` event
/// lists the population.
extension Engine {
    /// Sample-index phase of SPRIG's rephrase calls.
    static let sprigPhase = 2

    /// A planned child: the edit and the components it gives, or the component
    /// to rephrase.
    struct SPRIGPlan: Sendable {
        var parent: String
        var edit: CandidateOrigin
        var components: [String]
        /// For `rephrase`: which component.
        var target: Int?
    }

    /// The best `num_system_candidate` of a pool by mean train score (the tie
    /// rule of `better`: fewer format errors, then the newer); pinned prompts
    /// always survive, pruned and unscored ones never do.
    func survivors(_ pool: [String]) -> [String] {
        var seen = Set<String>()
        var scored: [(id: String, score: Double, formatErrors: Int, ordinal: Int)] = []
        for id in pool where seen.insert(id).inserted {
            guard let c = search.candidates[id], !c.pruned, let m = metaScore(system: id) else { continue }
            scored.append((id, m.score, m.formatErrors, c.createdSeq))
        }
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.formatErrors != b.formatErrors { return a.formatErrors < b.formatErrors }
            return a.ordinal > b.ordinal
        }
        let size = max(1, config.systemCandidates)
        let pinned = scored.filter { search.candidates[$0.id]?.pinned == true }.map(\.id)
        let rest = scored.filter { search.candidates[$0.id]?.pinned != true }.map(\.id)
        let chosen = Set(pinned + rest.prefix(max(0, size - pinned.count)))
        return scored.map(\.id).filter { chosen.contains($0) }
    }

    /// One child per slot: plans every edit first (seeded per generation and
    /// slot), runs the rephrase calls concurrently, then records the children in
    /// slot order (origin = the edit).
    func breed(_ population: [String], library: ComponentLibrary) async throws -> [String] {
        let size = max(1, config.systemCandidates)
        var plans: [SPRIGPlan] = []
        for slot in 0..<size {
            let parent = population[slot % population.count]
            var rng = SeededRandom(seed: config.seed, stream: "sprig/\(search.iteration)/\(slot)")
            plans.append(Self.plan(parent: parent, components: ComponentLibrary.split(search.text(parent)), library: library, rng: &rng))
        }
        let resampler = makeResampler()
        let rephrased = try await resampleAll(
            resampler,
            jobs: plans.enumerated().compactMap { slot, p -> (source: String, base: Int)? in
                p.target.map { (source: p.components[$0], base: sampleIndex(phase: Self.sprigPhase, task: 0, slot: slot, attempt: 0)) }
            },
            count: 1, avoiding: [])
        var next = rephrased.makeIterator()
        var ids: [String] = []
        for var p in plans {
            if let target = p.target {
                let outcome = next.next()!
                for r in outcome.rejections {
                    try emit(.candidateRejected(.init(reason: "rephrase: \(r.reason)", attempt: r.attempt, target: p.parent, task: nil, kind: .system)))
                }
                guard let v = outcome.variants.first else { continue }
                p.components[target] = v.text
            }
            let childText = ComponentLibrary.join(p.components)
            if let dup = search.duplicate(of: childText, kind: .system, task: nil) {
                try emit(.candidateRejected(.init(reason: "\(p.edit): same text as \(dup)", attempt: 1, target: p.parent, task: nil, kind: .system)))
                continue
            }
            ids.append(try createCandidate(kind: .system, text: childText, parent: p.parent, task: nil, origin: p.edit, analysis: nil))
        }
        return ids
    }

    /// Chooses one edit uniformly among those that apply to these components.
    static func plan(parent: String, components: [String], library: ComponentLibrary, rng: inout SeededRandom) -> SPRIGPlan {
        let present = Set(components.map(OptimizerReply.normalized))
        let fresh = library.components.filter { !present.contains(OptimizerReply.normalized($0.text)) }
        var edits: [CandidateOrigin] = []
        if !fresh.isEmpty { edits.append(.add) }
        if !components.isEmpty { edits.append(.rephrase) }
        if components.count >= 2 { edits += [.swap, .delete] }
        // Never empty: with no components every library entry is fresh, and a library is never empty.
        var parts = components
        switch rng.pick(edits) {
        case .add:
            // A category first, then a component of it, so large categories do not crowd out small ones.
            let categories = library.categories.filter { c in fresh.contains { $0.category == c } }
            let category = rng.pick(categories)
            let component = rng.pick(fresh.filter { $0.category == category })
            parts.insert(component.text, at: rng.below(parts.count + 1))
            return SPRIGPlan(parent: parent, edit: .add, components: parts, target: nil)
        case .swap:
            let i = rng.below(parts.count)
            var j = rng.below(parts.count - 1)
            if j >= i { j += 1 }
            parts.swapAt(i, j)
            return SPRIGPlan(parent: parent, edit: .swap, components: parts, target: nil)
        case .delete:
            parts.remove(at: rng.below(parts.count))
            return SPRIGPlan(parent: parent, edit: .delete, components: parts, target: nil)
        default:
            return SPRIGPlan(parent: parent, edit: .rephrase, components: parts, target: rng.below(parts.count))
        }
    }
}
