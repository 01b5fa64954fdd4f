public import SPOCore

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
            runID = e.run
            method = e.method
            models = e.models
            tasks = e.tasks
            selectionSplit = e.tasks.contains { $0.role == .source && $0.val > 0 } ? .val : .train
            plan = RunPlan(config: e.config, method: e.method)
            finished = false
            stopped = nil
            paused = false
            let source = e.tasks.filter { $0.role == .source }.count
            log(record, .info, "run \(e.run) started: \(e.method), \(source) source and \(e.tasks.count - source) unseen task(s)")

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
            var text = "\(e.id) \(e.kind == .system ? "system prompt" : "user prompt")"
            if let t = e.task { text += " for \(t)" }
            text += e.origin == .initial ? " (initial)" : e.origin == .manual ? " (hand-written)" : ""
            if let p = e.parent { text += " from \(p)" + (e.secondParent.map { " and \($0) (merged)" } ?? "") }
            if let a = e.analysis { text += " after \(a)" }
            log(record, .info, text)

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
            log(record, .info, "\(Self.phaseName(e.phase, iteration: e.iteration)) started")

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
            log(record, .detail, "\(Self.phaseName(e.phase, iteration: e.iteration)) finished")

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
            log(record, .detail, "\(e.node.system)/\(e.node.user) \(e.node.task) \(e.split): \(Format.percent(e.score)) (\(e.n) examples, \(e.wrong.count) wrong\(Format.answerCost(tokens: e.answerTokens, cut: e.cut)))")

        case .analysisCreated(let e):
            if analyses[e.id] == nil { analysisOrder.append(e.id) }
            analyses[e.id] = AnalysisEntry(event: e, createdSeq: seq, system: currentSystem, kept: kept)
            log(record, .info, "\(e.id) analysis of \(e.target) from \(e.examples.count) wrong example(s)\(e.cut ? ", cut at its token cap" : "")")

        case .candidateRejected(let e):
            rejectedTotal += 1
            if let target = e.target {
                candidates[target]?.rejections += 1
                candidates[target]?.lastRejection = e.reason
            }
            let what = e.target.map { "rewrite of \($0)" } ?? "a rewrite"
            log(record, .warning, "rejected \(what) (try \(e.attempt)): \(e.reason)")

        case .selection(let e):
            iteration = e.iteration
            decisions += e.decisions
            if let p = e.population { population = p }
            for d in e.decisions { log(record, .detail, d.sentence) }
            for (task, ids) in e.kept { kept[task] = ids }
            if keptHistory.last != kept { keptHistory.append(kept) }
            let previous = currentSystem
            currentSystem = e.currentSystem
            for t in sourceTasks {
                if let u = kept[t.name]?.first, let s = scores[ScoreKey(system: e.currentSystem, user: u, task: t.name, split: selectionSplit)] {
                    taskSeries[t.name, default: [:]][e.iteration] = s.score
                }
            }
            let keptText = e.kept.keys.sorted().map { "\($0): \(e.kept[$0]!.joined(separator: " "))" }.joined(separator: "; ")
            if let previous, previous != e.currentSystem {
                log(record, .good, "\(e.phase) selection: system prompt \(previous) → \(e.currentSystem); kept \(keptText)")
            } else {
                log(record, .info, "\(e.phase) selection: system \(e.currentSystem); kept \(keptText)")
            }

        case .command(let e):
            if let id = e.id {
                switch e.command {
                case "pin": candidates[id]?.pinned = true
                case "prune":
                    candidates[id]?.pruned = true
                    candidates[id]?.pinned = false
                default: break
                }
            }
            log(record, .info, "command: \(e.command)\(e.id.map { " " + $0 } ?? "") (by \(e.by))")

        case .usage(let e):
            usage[e.role] = e

        case .warning(let message):
            warnings += 1
            log(record, .warning, message)

        case .commandRefused(let r):
            warnings += 1
            log(record, .warning, r.sentence)

        case .error(let message):
            errors += 1
            log(record, .error, message)

        case .paused:
            paused = true
            if pausedSince == nil { pausedSince = record.t }
            log(record, .info, "paused")

        case .resumed:
            paused = false
            if let since = pausedSince { pausedSeconds += max(0, record.t - since) }
            pausedSince = nil
            log(record, .info, "resumed")

        case .budgetReached(let e):
            budgetsReached.append(e)
            log(record, .warning, "budget reached: \(e.what) \(Format.number(e.value)) of \(Format.number(e.limit))")

        case .race(let e):
            callsSaved = e.saved
            for id in e.dropped { raceDrops[id] = RaceDrop(e) }
            if !e.dropped.isEmpty {
                let what = e.task.map { "\(e.phase) race on \($0)" } ?? "\(e.phase) race"
                log(record, .detail, "\(what) round \(e.round) (\(e.n) of \(e.of) examples): dropped \(e.dropped.joined(separator: " "))")
            }

        case .runFinished(let e):
            finished = true
            inFlight = [:]
            bestSystem = e.bestSystem
            summary = e.summary
            log(record, .good, "run finished; best system prompt \(e.bestSystem ?? "none")")

        case .stopped(let e):
            stopped = e
            inFlight = [:]
            log(record, e.reason.hasPrefix("error") ? .error : .warning, "stopped: \(e.reason)\(e.resumable ? " (resumable)" : "")")

        case .unknown(let type, _):
            log(record, .detail, "event of unknown type \"\(type)\"")
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

    private mutating func log(_ record: EventRecord, _ level: LogEntry.Level, _ text: String) {
        log.append(LogEntry(seq: record.seq, t: record.t, level: level, text: text))
        if log.count > Self.logLimit + Self.logLimit / 4 { log.removeFirst(log.count - Self.logLimit) }
    }

    static func phaseName(_ phase: PhaseName, iteration: Int) -> String {
        switch phase {
        case .initial: "init"
        case .inner: "iteration \(iteration) inner loop"
        case .outer: "iteration \(iteration) outer loop"
        case .resample: "iteration \(iteration) resampling"
        case .expand: "iteration \(iteration) beam expansion"
        case .generation: "generation \(iteration)"
        case .test: "test"
        default: "\(phase) (iteration \(iteration))"
        }
    }
}
