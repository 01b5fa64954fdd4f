import SPOCore

/// `selection: pareto` in MetaSPO's outer loop (issue 21): a front of system
/// prompts, each best on some source task under the kept user prompts, instead
/// of one incumbent. Each slot's parent is drawn from the front (weighted by
/// the tasks it wins, seeded) and rewritten from its weakest tasks' failures;
/// new prompts race with the front as incumbents but are never dropped on the
/// mean, only when beaten on every task (`RacePolicy.paretoDrops`), and the
/// survivors join the front; the run's system prompt is the front's best
/// mean, when the acceptance rule lets it replace the current one.
extension Engine {
    /// The front as it stands, every member scored under the current kept
    /// user prompts on the selection split (members scored under older kept
    /// prompts are scored again: that is what a front costs).
    func paretoFront(with extra: [String] = []) async throws -> ParetoFront {
        if search.front.isEmpty { search.front = [search.currentSystem] }
        var ids: [String] = []
        for id in search.front + [search.currentSystem] + extra where !ids.contains(id) && search.candidates[id]?.pruned == false { ids.append(id) }
        try await evaluate(ids.flatMap { keptNodes(system: $0) }, split: selectionSplit)
        let members = ids.compactMap { id -> ParetoFront.Member? in
            guard let c = search.candidates[id], let scores = taskScores(system: id) else { return nil }
            return ParetoFront.Member(id: id, scores: scores, ordinal: c.createdSeq, pinned: c.pinned, pruned: c.pruned)
        }
        return ParetoFront(members: members, cap: config.frontSize ?? config.systemCandidates)
    }

    /// A system prompt's score per source task: the mean over the task's kept
    /// user prompts on the selection split; nil until every one is scored.
    func taskScores(system: String) -> [String: Double]? {
        var out: [String: Double] = [:]
        for t in setup.sourceTasks {
            let users = search.kept[t.name] ?? []
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
        search.front = f.ids
        var parents: [String] = []
        for slot in 0..<config.systemCandidates {
            var rng = SeededRandom(seed: config.seed, stream: "outer/\(search.iteration)/\(slot)/parent")
            parents.append(f.sampleParent(using: &rng) ?? search.currentSystem)
        }
        var seen = Set<String>()
        let unique = parents.filter { seen.insert($0).inserted }
        try await evaluate(unique.flatMap { keptNodes(system: $0) }, split: .train)
        return parents
    }

    /// The front's members with their scores under the current kept user
    /// prompts, as they stand (no filtering).
    func scoredFront() -> ParetoFront {
        ParetoFront(unfiltered: search.front.compactMap { id in taskScores(system: id).map { ParetoFront.Member(id: id, scores: $0, ordinal: search.candidates[id]?.createdSeq ?? 0) } })
    }

    /// The tasks where `system` is weakest against the best of `scored` (the
    /// front, re-filtered), the weaker half (at least one): the failures its
    /// rewrite is shown.
    func weakestTasks(of system: String, in scored: ParetoFront) -> [String] {
        let f = ParetoFront(members: scored.members, cap: Int.max)
        let order = f.weakestTasks(of: system)
        guard !order.isEmpty else { return setup.sourceTasks.map(\.name) }
        return Array(order.prefix(max(1, (order.count + 1) / 2)))
    }

    /// Adds the round's new prompts to the front, takes its best mean as the
    /// system prompt when the acceptance rule allows, and logs the selection
    /// with the front.
    func finishParetoRound(adding newIDs: [String]) async throws {
        let f = try await paretoFront(with: newIDs)
        search.front = f.ids
        var decisions: [EngineEvent.Decision] = []
        if search.candidates[search.currentSystem]?.pinned != true, let best = f.best?.id, best != search.currentSystem,
            let d = decide(system: best, over: search.currentSystem)
        {
            decisions.append(d)
            if d.accepted {
                search.currentSystem = best
                for t in setup.sourceTasks { sortKept(t.name) }
                if selectionSplit == .val { try await evaluate(keptNodes(system: search.currentSystem), split: .train) }
            }
        }
        try emit(.selection(.init(iteration: search.iteration, phase: .outer, kept: search.kept, currentSystem: search.currentSystem, population: search.front, decisions: decisions)))
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .outer)))
    }

    /// Two front members that each win a task the other does not: the one
    /// winning most tasks, and of the others the one winning most of the
    /// tasks it does not. Nil when no such pair exists.
    func mergePair() -> (a: String, b: String)? {
        let scored = scoredFront()
        guard scored.members.count >= 2 else { return nil }
        let ranked = scored.members.map { ($0, scored.tasksWon(by: $0.id)) }.sorted { $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.0.ordinal > $1.0.ordinal }
        guard let (a, aWins) = ranked.first, !aWins.isEmpty else { return nil }
        let others = ranked.dropFirst().map { ($0.0, $0.1.subtracting(aWins)) }.filter { !$0.1.isEmpty }
        guard let b = others.max(by: { $0.1.count != $1.1.count ? $0.1.count < $1.1.count : $0.0.ordinal < $1.0.ordinal }) else { return nil }
        return (a.id, b.0.id)
    }

    /// Asks the optimizer to merge `pair` (`system_merge`), validated like any
    /// system rewrite and retried with new sample indices.
    func draftMerge(_ pair: (a: String, b: String), slot: Int) async throws -> Draft {
        let aText = search.text(pair.a), bText = search.text(pair.b)
        func strengths(_ id: String) -> String {
            let mine = taskScores(system: id) ?? [:]
            let lines = mine.keys.sorted().map { task -> String in
                let best = search.front.compactMap { taskScores(system: $0)?[task] }.max() ?? 0
                let s = mine[task] ?? 0
                return "- \(task): \(ScoreSummary.fixed(s * 100, 1))%" + (s >= best ? " (best in the front)" : "")
            }
            return lines.joined(separator: "\n")
        }
        let draft = Draft(analysis: nil, examples: [], text: nil, rejections: [], parent: pair.a, secondParent: pair.b)
        let values = ["prompt_a": aText, "prompt_b": bText, "strengths_a": strengths(pair.a), "strengths_b": strengths(pair.b), "max_words": String(config.maxWords(.system))]
        // Task index 1 keeps merge samples apart from the slot's writer samples.
        let indices = (1...setup.optimizerAttempts).map { sampleIndex(phase: 2, task: 1, slot: slot, attempt: $0) }
        return try await write(setup.prompts.systemMerge, values, kind: .system, parentText: aText, into: draft, indices: indices, guards: guards)
    }
}
