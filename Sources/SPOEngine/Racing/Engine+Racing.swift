import Foundation
import SPOCore

/// Racing (`strategy: racing`): candidates are scored on a growing subsample
/// of the selection split (validation when the run has one, else train)
/// shared by all of them and the clearly worse ones are dropped early, instead
/// of scoring every candidate on every example (`strategy: exhaustive`).
extension Engine {
    /// The racing policy of this run.
    var racePolicy: RacePolicy { .standard }

    var racing: Bool { config.strategy == .racing }

    /// Runs races side by side, round by round (one `evaluate` call per round
    /// for all of them, so requests of different races run concurrently and
    /// events come out in a fixed order). Returns, per race, the candidates that
    /// were scored on every example. Under `exhaustive` there is one round with
    /// every example and no drops.
    func race(_ groups: [RaceGroup], iteration: Int) async throws -> [[String]] {
        do {
            let alive = try await runRace(groups, iteration: iteration)
            await askedAhead.drain()
            return alive
        } catch {
            // Requests asked ahead finish (their answers reach the cache) before the stop goes on.
            await askedAhead.drain()
            throw error
        }
    }

    private func runRace(_ groups: [RaceGroup], iteration: Int) async throws -> [[String]] {
        let schedules = groups.map { racing ? racePolicy.schedule(full: $0.items.count) : RacePolicy.exhaustive(full: $0.items.count) }
        let rounds = schedules.map(\.count).max() ?? 0
        var alive = groups.map(\.candidates)
        var done = [Int](repeating: 0, count: groups.count)
        for round in 0..<rounds {
            try await checkpoint()
            // A prune at the checkpoint takes a prompt out of its race.
            for g in groups.indices { alive[g].removeAll { search.candidates[$0]?.pruned != false } }
            var requests: [EvaluationRequest] = []
            var sizes = done
            for (g, group) in groups.enumerated() where round < schedules[g].count {
                sizes[g] = schedules[g][round]
                let slice = group.items[done[g]..<sizes[g]]
                for c in alive[g] {
                    requests += group.nodes(of: c, in: slice).map { EvaluationRequest(node: $0.node, split: selectionSplit, indices: $0.indices) }
                }
            }
            try await evaluate(requests, lookahead: lookahead(groups, schedules: schedules, round: round, alive: alive, sizes: sizes))
            for (g, group) in groups.enumerated() where round < schedules[g].count {
                done[g] = sizes[g]
                guard racing else { continue }
                let entrants = raceEntrants(group, alive: alive[g], size: sizes[g])
                var dropped: [String] = []
                if sizes[g] < group.items.count {
                    dropped = group.perTask
                        ? racePolicy.paretoDrops(entrants, tasks: group.items[0..<sizes[g]].map(\.task), allTasks: group.items.map(\.task))
                        : racePolicy.drops(entrants, keep: group.keep, halvingFloor: group.halvingFloor)
                    for c in dropped {
                        for n in group.nodes(of: c, in: group.items[0..<sizes[g]]) { try reportDropped(ScoreKey(node: n.node, split: selectionSplit)) }
                        search.callsSaved += group.items.count - sizes[g]
                    }
                    alive[g].removeAll { dropped.contains($0) }
                }
                try emit(.race(.init(
                    iteration: iteration, phase: group.phase, task: group.task, round: round + 1, n: sizes[g], of: group.items.count,
                    scores: Dictionary(uniqueKeysWithValues: entrants.map { ($0.id, $0.mean) }),
                    incumbents: group.incumbents.filter { id in entrants.contains { $0.id == id } },
                    alive: alive[g], dropped: dropped, saved: search.callsSaved)))
            }
        }
        return alive
    }

    /// What the idle slots of a round may ask ahead: for each race with a
    /// round after this one, its entrants' answers on this round's subsample
    /// (nil where the round is asking them now) and each racer's next-round
    /// examples. Nil when nothing may go ahead: not racing, switched off, or a
    /// task judged by a custom scorer (which scores whole batches, not answers).
    func lookahead(_ groups: [RaceGroup], schedules: [[Int]], round: Int, alive: [[String]], sizes: [Int]) -> RaceLookahead? {
        guard racing, setup.askAhead else { return nil }
        var races: [RaceLookahead.Race] = []
        // A per-task (pareto) race drops by another rule than the mean's bound
        // that `RaceLookahead` predicts, so it is not asked ahead.
        for (g, group) in groups.enumerated() where round + 1 < schedules[g].count && !group.perTask {
            let items = group.items[0..<sizes[g]]
            guard !items.contains(where: { tasksByName[$0.task].map { Scorer(task: $0).custom != nil } ?? true }) else { return nil }
            func entrant(_ id: String, role: RacePolicy.Entrant.Role) -> RaceLookahead.Entrant {
                var e = RaceLookahead.Entrant(id: id, role: role, ordinal: search.candidates[id]?.createdSeq ?? 0, values: [], formatErrors: 0, pending: [])
                for (position, item) in items.enumerated() {
                    let key = ScoreKey(node: group.node(id, item), split: selectionSplit)
                    if let o = search.outcomes[key]?.items[item.index] {
                        e.values.append(o.item.value)
                        if o.item.prediction.isFormatError { e.formatErrors += 1 }
                    } else {
                        e.values.append(nil)
                        e.pending.append((position, key, item.index))
                    }
                }
                return e
            }
            // As in `raceEntrants`: an incumbent without every answer is left out.
            let incumbents = group.incumbents.map { entrant($0, role: .incumbent) }.filter(\.pending.isEmpty)
            let racers = alive[g].map { entrant($0, role: search.candidates[$0]?.pinned == true ? .protected : .candidate) }
            var next: [String: [RaceLookahead.Request]] = [:]
            let nextItems = group.items[sizes[g]..<schedules[g][round + 1]]
            for id in alive[g] {
                next[id] = group.nodes(of: id, in: nextItems).flatMap { n, indices in
                    let key = ScoreKey(node: n, split: selectionSplit)
                    let pool = splits[n.task]!.examples(selectionSplit)
                    let (task, system, user) = (tasksByName[n.task]!, search.text(n.system), search.text(n.user))
                    return indices.filter { search.outcomes[key]?.items[$0] == nil }.map { i in
                        RaceLookahead.Request(key: key, index: i, task: task, system: system, user: user, example: pool[i])
                    }
                }
            }
            races.append(.init(keep: group.keep, halvingFloor: group.halvingFloor, entrants: incumbents + racers, next: next))
        }
        return races.isEmpty ? nil : RaceLookahead(policy: racePolicy, races: races)
    }

    /// The incumbents and racing prompts of a race with their answers on the
    /// first `size` items. An incumbent missing an answer (it was never fully
    /// scored) is left out of the comparison.
    func raceEntrants(_ group: RaceGroup, alive: [String], size: Int) -> [RacePolicy.Entrant] {
        let items = group.items[0..<size]
        func entrant(_ id: String, role: RacePolicy.Entrant.Role) -> RacePolicy.Entrant? {
            var values: [Double] = []
            values.reserveCapacity(items.count)
            var formatErrors = 0
            for item in items {
                guard let o = search.outcomes[ScoreKey(node: group.node(id, item), split: selectionSplit)]?.items[item.index] else { return nil }
                values.append(o.item.value)
                if o.item.prediction.isFormatError { formatErrors += 1 }
            }
            return RacePolicy.Entrant(id: id, values: values, formatErrors: formatErrors, ordinal: search.candidates[id]?.createdSeq ?? 0, role: role)
        }
        let incumbents = group.incumbents.compactMap { entrant($0, role: .incumbent) }
        let racers = alive.compactMap { entrant($0, role: search.candidates[$0]?.pinned == true ? .protected : .candidate) }
        return incumbents + racers
    }

    /// The race of new system prompts against the current one, over every kept
    /// user prompt of every source task. Under `selection: pareto` the front's
    /// members are the incumbents and a candidate goes only when one of the
    /// others is clearly better on every task (`RacePolicy.paretoDrops`).
    func systemRace(candidates ids: [String], iteration: Int) -> RaceGroup {
        let slots = setup.sourceTasks.flatMap { t in
            (search.kept[t.name] ?? []).map { (other: $0, task: t.name, count: splits[t.name]?.examples(selectionSplit).count ?? 0) }
        }
        var incumbents = [search.currentSystem]
        if config.keepsFront { incumbents += search.front.filter { $0 != search.currentSystem && search.candidates[$0]?.pruned == false } }
        var group = RaceGroup(
            kind: .system, phase: .outer, task: nil, candidates: ids, incumbents: incumbents, keep: 1,
            halvingFloor: config.keepsFront ? nil : 1,
            items: RaceGroup.items(slots: slots, seed: config.seed, stream: "race/outer/\(iteration)"))
        group.perTask = config.keepsFront
        return group
    }

    /// The race of a task's new user prompts against its kept ones, under the
    /// current system prompt, for the `user_top_k` places.
    func userRace(task: String, candidates ids: [String], iteration: Int) -> RaceGroup {
        RaceGroup(
            kind: .user, phase: .inner, task: task, candidates: ids, incumbents: search.kept[task] ?? [], keep: max(1, config.userTopK),
            halvingFloor: nil,
            items: RaceGroup.items(
                slots: [(other: search.currentSystem, task: task, count: splits[task]?.examples(selectionSplit).count ?? 0)], seed: config.seed,
                stream: "race/inner/\(iteration)"))
    }
}
