import SPOCore

/// `selection: pareto` in MetaSPO's outer loop (issue 21): a front of system
/// prompts, each best on some source task under the kept user prompts, instead
/// of one incumbent. Each slot's parent is drawn from the front (weighted by
/// the tasks it wins, seeded) and rewritten from its weakest tasks' failures;
/// new prompts are scored in full (no race drops on the mean) and join the
/// front; the run's system prompt is the front's best mean, when the
/// acceptance rule lets it replace the current one.
extension Engine {
    /// The front as it stands, every member scored under the current kept
    /// user prompts on the selection split (members scored under older kept
    /// prompts are scored again: that is what a front costs).
    func paretoFront(with extra: [String] = []) async throws -> ParetoFront {
        if front.isEmpty { front = [currentSystem] }
        var ids: [String] = []
        for id in front + [currentSystem] + extra where !ids.contains(id) && candidates[id]?.pruned == false { ids.append(id) }
        try await evaluate(ids.flatMap { keptNodes(system: $0) }, split: selectionSplit)
        let members = ids.compactMap { id -> ParetoFront.Member? in
            guard let c = candidates[id], let scores = taskScores(system: id) else { return nil }
            return ParetoFront.Member(id: id, scores: scores, ordinal: c.ordinal, pinned: c.pinned, pruned: c.pruned)
        }
        return ParetoFront(members: members, cap: config.frontSize ?? config.systemCandidates)
    }

    /// A system prompt's score per source task: the mean over the task's kept
    /// user prompts on the selection split; nil until every one is scored.
    func taskScores(system: String) -> [String: Double]? {
        var out: [String: Double] = [:]
        for t in setup.sourceTasks {
            let users = kept[t.name] ?? []
            guard !users.isEmpty else { continue }
            var total = 0.0
            for u in users {
                guard let r = result(NodeRef(system: system, user: u, task: t.name)) else { return nil }
                total += r.score
            }
            out[t.name] = total / Double(users.count)
        }
        return out
    }

    /// One parent per candidate slot, drawn from the front; their train
    /// failures are scored where missing (the rewrites are written from them).
    func paretoParents() async throws -> [String] {
        let f = try await paretoFront()
        front = f.ids
        var parents: [String] = []
        for slot in 0..<config.systemCandidates {
            var rng = SeededRandom(seed: config.seed, stream: "outer/\(iteration)/\(slot)/parent")
            parents.append(f.sampleParent(using: &rng) ?? currentSystem)
        }
        var seen = Set<String>()
        let unique = parents.filter { seen.insert($0).inserted }
        try await evaluate(unique.flatMap { keptNodes(system: $0) }, split: .train)
        return parents
    }

    /// The tasks where `system` is weakest against the front's best, the
    /// weaker half (at least one): the failures its rewrite is shown.
    func weakestTasks(of system: String) -> [String] {
        let members = front.compactMap { id in taskScores(system: id).map { ParetoFront.Member(id: id, scores: $0, ordinal: candidates[id]?.ordinal ?? 0) } }
        let f = ParetoFront(members: members, cap: Int.max)
        let order = f.weakestTasks(of: system)
        guard !order.isEmpty else { return setup.sourceTasks.map(\.name) }
        return Array(order.prefix(max(1, (order.count + 1) / 2)))
    }

    /// Adds the round's new prompts to the front, takes its best mean as the
    /// system prompt when the acceptance rule allows, and logs the selection
    /// with the front.
    func finishParetoRound(adding newIDs: [String]) async throws {
        let f = try await paretoFront(with: newIDs)
        front = f.ids
        var decisions: [EngineEvent.Decision] = []
        if candidates[currentSystem]?.pinned != true, let best = f.best?.id, best != currentSystem,
            let d = decide(system: best, over: currentSystem)
        {
            decisions.append(d)
            if d.accepted {
                currentSystem = best
                for t in setup.sourceTasks { sortKept(t.name) }
                if selectionSplit == .val { try await evaluate(keptNodes(system: currentSystem), split: .train) }
            }
        }
        try emit(.selection(.init(iteration: iteration, phase: "outer", kept: kept, currentSystem: currentSystem, population: front, decisions: decisions)))
        try emit(.phaseFinished(.init(iteration: iteration, phase: "outer")))
    }
}
