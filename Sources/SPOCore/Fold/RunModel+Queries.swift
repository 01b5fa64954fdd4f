extension RunModel {
    /// A node's latest score on a split (nil: where the run compares
    /// candidates, `selectionSplit`).
    public func score(system: String, user: String, task: String, split: Split? = nil) -> ScoreEntry? {
        scores[ScoreKey(system: system, user: user, task: task, split: split ?? selectionSplit)]
    }

    /// A system prompt's selection score (train, or val with a validation split): the mean over the latest kept set it was
    /// scored on in full (the set the engine compared it on), else over every
    /// node it was scored on. Nil before any of its evaluations finish.
    public func systemScore(_ system: String) -> Double? {
        systemScore(system, on: keptSet(for: system))
    }

    /// Mean answer tokens over every search answer (train and validation)
    /// given under a system prompt, the answers counted and how many were cut; nil when no
    /// evaluation of it reported its cost.
    public func answerCost(system: String) -> (tokens: Double, replies: Int, cut: Int)? {
        var tokens = 0.0, replies = 0, cut = 0
        for (key, s) in scores where key.node.system == system && key.split != .test {
            guard let t = s.answerTokens else { continue }
            tokens += t * Double(s.n)
            replies += s.n
            cut += s.cut ?? 0
        }
        return replies == 0 ? nil : (tokens / Double(replies), replies, cut)
    }

    /// The kept set a system prompt's score is taken over (nil: all its nodes).
    public func keptSet(for system: String) -> [String: [String]]? {
        for set in keptHistory.reversed() where !set.isEmpty {
            let complete = set.allSatisfy { task, users in
                users.allSatisfy { scores[ScoreKey(system: system, user: $0, task: task, split: selectionSplit)] != nil }
            }
            if complete { return set }
        }
        return nil
    }

    public func systemScore(_ system: String, on set: [String: [String]]?) -> Double? {
        var total = 0.0
        var count = 0
        if let set {
            for (task, users) in set {
                for u in users {
                    guard let s = scores[ScoreKey(system: system, user: u, task: task, split: selectionSplit)] else { return nil }
                    total += s.score
                    count += 1
                }
            }
        } else {
            for (key, s) in scores where key.node.system == system && key.split == selectionSplit {
                total += s.score
                count += 1
            }
        }
        return count == 0 ? nil : total / Double(count)
    }

    /// A system prompt's score minus its parent's on the same kept set.
    public func systemDelta(_ system: String) -> Double? {
        guard let parent = candidates[system]?.parent else { return nil }
        let set = keptSet(for: system)
        guard let mine = systemScore(system, on: set), let theirs = systemScore(parent, on: set) else { return nil }
        return mine - theirs
    }

    /// A user prompt's score minus its parent's, both under `system` (nil when
    /// the parent was not scored there: a change measured under another system
    /// prompt would not belong beside this score).
    public func userDelta(_ user: String, under system: String) -> Double? {
        guard let c = candidates[user], let parent = c.parent, let task = c.task,
            let mine = score(system: system, user: user, task: task), let theirs = score(system: system, user: parent, task: task)
        else { return nil }
        return mine.score - theirs.score
    }

    /// User prompts of a task shown under a system prompt: those scored or being
    /// scored under it, and (under the current system) those not scored yet.
    public func users(under system: String, task: String) -> [String] {
        var ids = nodeUsers[system]?[task] ?? []
        if system == currentSystem {
            for id in unscoredUsers where candidates[id]?.task == task && !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// The best system prompt: the final one, else the one in use.
    public var bestSoFar: String? { bestSystem ?? currentSystem }

    public func isKept(_ user: String) -> Bool {
        guard let task = candidates[user]?.task else { return false }
        return kept[task]?.contains(user) == true
    }

    /// The first kept user prompt of its task.
    public func isBestUser(_ user: String) -> Bool {
        guard let task = candidates[user]?.task else { return false }
        return kept[task]?.first == user
    }

    // MARK: analyses

    /// The analysis shown for a candidate: the one it was written from, else the
    /// latest one made of it.
    public func analysis(for candidate: String) -> AnalysisEntry? {
        if let a = candidates[candidate]?.analysis, let entry = analyses[a] { return entry }
        return analysisOrder.reversed().lazy.compactMap { analyses[$0] }.first { $0.event.target == candidate }
    }

    /// Candidates written from an analysis.
    public func candidates(from analysis: String) -> [String] {
        order.filter { candidates[$0]?.analysis == analysis }
    }

    /// The wrong answers an analysis was made from, with their task. A user
    /// analysis looks at its target's node under the system then in use; a
    /// system analysis at each task's best kept node under its target.
    public func examples(of a: AnalysisEntry) -> [(task: String, example: EngineEvent.WrongExample)] {
        let wanted = a.event.examples
        var nodes: [NodeRef] = []
        switch a.event.kind {
        case .user:
            guard let task = candidates[a.event.target]?.task else { return [] }
            let systems = [a.system, candidates[a.event.target]?.systemAtCreation, currentSystem].compactMap { $0 }
            nodes = systems.map { NodeRef(system: $0, user: a.event.target, task: task) }
        case .system:
            for t in sourceTasks {
                if let u = a.kept[t.name]?.first { nodes.append(NodeRef(system: a.event.target, user: u, task: t.name)) }
            }
        }
        var out: [(task: String, example: EngineEvent.WrongExample)] = []
        var seen = Set<String>()
        for node in nodes {
            guard let list = wrong[node] else { continue }
            for i in wanted {
                guard let w = list.first(where: { $0.i == i }), seen.insert("\(node.task)#\(i)").inserted else { continue }
                out.append((node.task, w))
            }
            // A user analysis comes from one node.
            if a.event.kind == .user, !out.isEmpty { break }
        }
        return out
    }

    // MARK: totals

    public var totalCalls: Int { usage.values.reduce(0) { $0 + $1.calls } }
    public var totalTokens: Int { usage.values.reduce(0) { $0 + $1.promptTokens + $1.completionTokens } }
    public var totalCost: Double { usage.values.reduce(0) { $0 + $1.costUSD } }
    public var cacheHits: Int { usage.values.reduce(0) { $0 + $1.cacheHits } }

    /// Share of requests answered from the response cache.
    public var cacheHitRate: Double? {
        let asked = totalCalls + cacheHits
        return asked == 0 ? nil : Double(cacheHits) / Double(asked)
    }

    /// Examples scored so far, finished and in flight.
    public var examplesScored: Int { examplesDone + inFlight.values.reduce(0) { $0 + $1.done } }

    public var expectedExamples: Int { max(1, plan.expectedExamples(tasks: tasks)) }

    /// Seconds left, from the pace so far while running (paused time does
    /// not count); nil when unknown, over or paused.
    public func eta(elapsed: Double) -> Double? {
        let done = examplesScored
        let working = elapsed - pausedSeconds - (pausedSince.map { max(0, elapsed - $0) } ?? 0)
        guard !isOver, !paused, done > 0, working > 0 else { return nil }
        let left = max(0, expectedExamples - done)
        return working * Double(left) / Double(done)
    }

    /// Evaluations the current phase runs, if known.
    public var phaseEvaluationsExpected: Int? {
        guard let phase else { return nil }
        return plan.expectedEvaluations(phase: phase, sourceTasks: sourceTasks.count, unseenTasks: unseenTasks.count)
    }

    /// Train-score history of a task, by iteration.
    public func series(_ task: String) -> [Double] {
        guard let s = taskSeries[task] else { return [] }
        return s.keys.sorted().map { s[$0]! }
    }
}

extension RunModel {
    /// Where each sentence of a candidate came from, along its parents
    /// (`PromptProvenance`), each step with its analysis and its score change
    /// against its parent on the selection split (a user prompt under the
    /// system prompt it was written for).
    public func provenance(of id: String) -> PromptProvenance? {
        guard candidates[id] != nil else { return nil }
        var chain: [PromptProvenance.Step] = []
        var seen = Set<String>()
        var next: String? = id
        while let current = next, let c = candidates[current], seen.insert(current).inserted {
            let delta = c.kind == .system ? systemDelta(current) : userDelta(current, under: c.systemAtCreation ?? currentSystem ?? "")
            chain.append(.init(id: current, text: c.text, iteration: c.iteration, analysis: c.analysis, delta: c.parent == nil ? nil : delta))
            next = c.parent
        }
        return PromptProvenance(chain: chain.reversed())
    }
}
