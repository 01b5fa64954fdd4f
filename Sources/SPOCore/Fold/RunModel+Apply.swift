extension RunModel {
    /// Folds one event.
    public mutating func apply(_ record: EventRecord) {
        lastSeq = record.seq
        lastT = max(lastT, record.t)
        eventCount += 1
        if stopped != nil, record.event.showsTheRunGoingOn { stopped = nil }
        let seq = record.seq
        switch record.event {
        case .runStarted(let e):
            // A resume may start the run again; what was found so far stays.
            runID = e.run
            method = e.method
            config = e.config
            models = e.models
            tasks = e.tasks
            selectionSplit = e.tasks.contains { $0.role == .source && $0.val > 0 } ? .val : .train
            plan = RunPlan(config: e.config, method: e.method)
            finished = false
            stopped = nil
            paused = false

        case .candidateCreated(let e):
            if candidates[e.id] == nil {
                order.append(e.id)
                if e.kind == .system { systems.append(e.id) }
            }
            var c = CandidateEntry(
                id: e.id, kind: e.kind, text: e.text, parent: e.parent, task: e.task, origin: e.origin,
                analysis: e.analysis, createdSeq: seq, iteration: iteration,
                systemAtCreation: e.kind == .user ? currentSystem : nil)
            c.secondParent = e.secondParent
            if let old = candidates[e.id] {
                c.pinned = old.pinned
                c.pruned = old.pruned
                c.rejections = old.rejections
            }
            candidates[e.id] = c
            if e.kind == .system, currentSystem == nil, e.origin == .initial { currentSystem = e.id }
            if e.kind == .user, !unscoredUsers.contains(e.id) { unscoredUsers.append(e.id) }
            if let t = e.task { currentTask = t }

        case .phaseStarted(let e):
            iteration = e.iteration
            phase = e.phase
            inPhase = true
            phaseEvaluations = 0
            phaseCounted = []
            // What the previous phase was doing is over (asked-ahead answers of a
            // race may have left progress that never finished).
            inFlight = [:]
            latestProgress = nil
            currentTask = nil

        case .phaseFinished(let e):
            iteration = e.iteration
            phase = e.phase
            inPhase = false
            if e.phase == .initial {
                // The starting point of each task's sparkline.
                for t in sourceTasks {
                    let best = scores.filter { $0.key.node.task == t.name && $0.key.split == selectionSplit }.map(\.value.score).max()
                    if let best { taskSeries[t.name, default: [:]][0] = best }
                }
            }

        case .evaluationProgress(let e):
            let key = ScoreKey(node: e.node, split: e.split)
            inFlight[key] = e
            latestProgress = key
            if e.done >= e.of, phaseCounted.insert(key).inserted { phaseEvaluations += 1 }
            currentTask = e.node.task
            if e.split != .test { noteNode(e.node) }

        case .evaluationFinished(let e):
            let key = ScoreKey(node: e.node, split: e.split)
            inFlight[key] = nil
            scores[key] = ScoreEntry(
                score: e.score, n: e.n, correct: e.correct, low: e.low, high: e.high, wrongCount: e.wrong.count, seq: seq,
                answerTokens: e.answerTokens, cut: e.cut)
            if e.answerTokens != nil { hasAnswerCost = true }
            if e.split == .train { wrong[e.node] = e.wrong }
            if e.split != .test { noteNode(e.node) }
            examplesDone += e.n
            if phaseCounted.insert(key).inserted { phaseEvaluations += 1 }
            currentTask = e.node.task

        case .analysisCreated(let e):
            if analyses[e.id] == nil { analysisOrder.append(e.id) }
            analyses[e.id] = AnalysisEntry(event: e, createdSeq: seq, system: currentSystem, kept: kept)

        case .candidateRejected(let e):
            rejectedTotal += 1
            if let target = e.target {
                candidates[target]?.rejections += 1
                candidates[target]?.lastRejection = e.reason
            }

        case .selection(let e):
            iteration = e.iteration
            decisions += e.decisions
            if let p = e.population { population = p }
            for (task, ids) in e.kept { kept[task] = ids }
            if keptHistory.last != kept { keptHistory.append(kept) }
            currentSystem = e.currentSystem
            for t in sourceTasks {
                if let u = kept[t.name]?.first, let s = scores[ScoreKey(system: e.currentSystem, user: u, task: t.name, split: selectionSplit)] {
                    taskSeries[t.name, default: [:]][e.iteration] = s.score
                }
            }

        case .command(let e):
            commands.append(e)
            if let id = e.id {
                switch e.command {
                case .pin: candidates[id]?.pinned = true
                case .prune:
                    candidates[id]?.pruned = true
                    candidates[id]?.pinned = false
                default: break
                }
            }

        case .usage(let e):
            usage[e.role] = e

        case .warning(let message):
            warnings += 1
            lastWarning = message

        case .commandRefused(let r):
            warnings += 1
            lastWarning = r.sentence

        case .error(let message):
            errors += 1
            lastError = message

        case .paused:
            paused = true
            if pausedSince == nil { pausedSince = record.t }

        case .resumed:
            paused = false
            if let since = pausedSince { pausedSeconds += max(0, record.t - since) }
            pausedSince = nil

        case .budgetReached(let e):
            budgetsReached.append(e)

        case .race(let e):
            callsSaved = e.saved
            for id in e.dropped { raceDrops[id] = RaceDrop(e) }

        case .runFinished(let e):
            finished = true
            inFlight = [:]
            bestSystem = e.bestSystem
            summary = e.summary

        case .stopped(let e):
            stopped = e
            inFlight = [:]

        case .unknown:
            unknownEvents += 1
        }
    }

    /// Records that a user prompt is scored under a system prompt.
    private mutating func noteNode(_ node: NodeRef) {
        if let i = unscoredUsers.firstIndex(of: node.user) { unscoredUsers.remove(at: i) }
        var list = nodeUsers[node.system]?[node.task] ?? []
        guard !list.contains(node.user) else { return }
        list.append(node.user)
        let all = candidates
        func seq(_ id: String) -> Int { all[id]?.createdSeq ?? Int.max }
        if list.count > 1, seq(list[list.count - 2]) > seq(node.user) { list.sort { seq($0) < seq($1) } }
        nodeUsers[node.system, default: [:]][node.task] = list
    }
}
