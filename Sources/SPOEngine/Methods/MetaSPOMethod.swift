import Foundation
import SPOCore
import SPOModelInterface

/// MetaSPO (arXiv 2505.09666): alternate an inner loop that rewrites each source
/// task's user prompt and an outer loop that rewrites the one shared system prompt.
extension Engine {
    /// Phase codes inside sample indices.
    private enum PhaseCode: Int { case inner = 1, outer = 2 }

    // MARK: Init

    func initialize() async throws {
        search.iteration = 0
        try emit(.phaseStarted(.init(iteration: 0, phase: .initial)))
        search.initialSystem = try createCandidate(kind: .system, text: config.initialSystemPrompt, parent: nil, task: nil, origin: .initial, analysis: nil)
        search.currentSystem = search.initialSystem
        for task in setup.sourceTasks + setup.unseenTasks {
            search.initialUser[task.name] = try createCandidate(kind: .user, text: task.userPrompt, parent: nil, task: task.name, origin: .initial, analysis: nil)
        }
        for task in setup.sourceTasks { search.kept[task.name] = [search.initialUser[task.name]!] }
        try await checkpoint()
        try await evaluateForSearch(keptNodes(system: search.currentSystem))
        try emit(.selection(.init(iteration: 0, phase: .initial, kept: search.kept, currentSystem: search.currentSystem)))
        try emit(.phaseFinished(.init(iteration: 0, phase: .initial)))
        recordHistory()
        try await reportUsage()
    }

    func recordHistory() {
        var row: [String: Double] = [:]
        for t in setup.sourceTasks {
            if let best = search.kept[t.name]?.first, let r = result(NodeRef(system: search.currentSystem, user: best, task: t.name), .train) {
                row[t.name] = r.score
            }
        }
        search.trainHistory.append(row)
        guard selectionSplit == .val else { return }
        var val: [String: Double] = [:]
        for t in setup.sourceTasks {
            if let best = search.kept[t.name]?.first, let r = result(NodeRef(system: search.currentSystem, user: best, task: t.name), .val) { val[t.name] = r.score }
        }
        search.validationHistory.append(val)
    }

    // MARK: Saturation

    /// Ends the search before iteration `next` when no kept prompt of any
    /// source task gets a train answer wrong under the current system prompt:
    /// no loop has a failure left to write a rewrite from (issue 18). A
    /// warning says so and the summary counts the planned calls not spent.
    /// Prompts added by hand still get their turn; sessions started before
    /// this rule go on as they did.
    func endsSaturated(before next: Int, of total: Int) throws -> Bool {
        guard startedByThisVersion, config.method.validates,
            search.manualUsers.values.allSatisfy(\.isEmpty), search.manualSystems.isEmpty
        else { return false }
        var examples = 0
        for t in setup.sourceTasks {
            guard let best = search.kept[t.name]?.first, let r = result(NodeRef(system: search.currentSystem, user: best, task: t.name), .train), r.wrong.isEmpty
            else { return false }
            examples += r.summary.n
        }
        let saved = callsSaved(after: next - 1)
        search.earlyEnd = RunSummary.EarlyEnd(afterIteration: next - 1, of: total, baseCallsSaved: saved.base, optimizerCallsSaved: saved.optimizer)
        try emit(.warning(message: "saturated: the kept prompts answer all \(examples) train examples of every source task under \(search.currentSystem); no failure is left to learn from, so the search ends after iteration \(next - 1) of \(total) (about \(saved.base.text) base and \(saved.optimizer.text) optimizer calls not spent)"))
        return true
    }

    /// The planned calls of the iterations after `done` (`MetaSPOPlanner`).
    func callsSaved(after done: Int) -> (base: CallRange, optimizer: CallRange) {
        let sizes = setup.sourceTasks.map { t in
            PlanContext.TaskSize(name: t.name, train: splits[t.name]!.train.count, val: splits[t.name]!.validation.count, test: splits[t.name]!.test.count)
        }
        let context = PlanContext(config: config, source: sizes, unseen: [], racing: racing, attempts: setup.optimizerAttempts)
        var base = CallRange.zero, optimizer = CallRange.zero
        for phase in MetaSPOPlanner().phases(context) {
            guard phase.phase == .inner || phase.phase == .outer, let i = phase.iteration else { continue }
            // outer-only doubles its iterations: the planner counts them the same way.
            if i > done {
                base = base + phase.base
                optimizer = optimizer + phase.optimizer
            }
        }
        return (base, optimizer)
    }

    // MARK: Inner loop

    /// A user prompt drafted by the optimizer, not yet recorded.
    struct Draft: Sendable {
        var analysis: String?
        /// The analysis reached `analysis_max_tokens`.
        var analysisCut = false
        var examples: [Int]
        var text: String?
        var rejections: [OptimizerReply.Rejection]
        /// The prompt it rewrites when the step's drafts have different parents (a Pareto front's).
        var parent: String? = nil
        /// A merge's other parent (`merge: true`).
        var secondParent: String? = nil
    }

    func innerLoop() async throws {
        try emit(.phaseStarted(.init(iteration: search.iteration, phase: .inner)))
        try await checkpoint()
        // The tasks are independent within an inner loop: draft every task's
        // rewrites at once, then record them in task order.
        var parents: [(index: Int, task: SPOTask, parent: String, result: NodeResult)] = []
        for (taskIndex, task) in setup.sourceTasks.enumerated() {
            guard let parent = search.kept[task.name]?.first,
                let parentResult = result(NodeRef(system: search.currentSystem, user: parent, task: task.name), .train)
            else { continue }
            parents.append((taskIndex, task, parent, parentResult))
        }
        let drafted: [Int: [Draft]] = try await withThrowingTaskGroup(of: (Int, [Draft]).self) { group in
            for p in parents where !p.result.wrong.isEmpty {
                group.addTask { (p.index, try await self.draftUsers(task: p.task, taskIndex: p.index, parent: p.parent, parentResult: p.result)) }
            }
            // When one task fails (a budget ran out), the others still finish, so
            // their replies reach the cache; then the first error is thrown.
            var out: [Int: [Draft]] = [:]
            var failure: (any Error)?
            while true {
                do {
                    guard let (index, drafts) = try await group.next() else { break }
                    out[index] = drafts
                } catch {
                    if failure == nil { failure = error }
                }
            }
            if let failure { throw failure }
            return out
        }
        var newIDs: [String: [String]] = [:]
        for p in parents {
            var ids: [String] = search.manualUsers[p.task.name] ?? []
            search.manualUsers[p.task.name] = []
            if p.result.wrong.isEmpty {
                try emit(.warning(message: "\(p.task.name): \(p.parent) answers every train example correctly; no user prompt rewrite this iteration"))
            } else {
                let drafts = drafted[p.index] ?? []
                let recorded = try record(drafts, kind: .user, parent: p.parent, task: p.task.name)
                try warnIfAllRejected(drafts, recorded: recorded, kind: .user, parent: p.parent, task: p.task.name)
                ids += recorded
            }
            newIDs[p.task.name] = ids
        }
        try await checkpoint()
        let groups = parents.map { p in
            userRace(task: p.task.name, candidates: (newIDs[p.task.name] ?? []).filter { search.candidates[$0]?.pruned == false }, iteration: search.iteration)
        }
        _ = try await race(groups, iteration: search.iteration)
        var decisions: [EngineEvent.Decision] = []
        for p in parents { decisions += selectUsers(task: p.task.name, adding: newIDs[p.task.name] ?? []) }
        // Kept newcomers were compared on validation; their train failures feed the next step.
        if selectionSplit == .val { try await evaluate(keptNodes(system: search.currentSystem), split: .train) }
        try emit(.selection(.init(iteration: search.iteration, phase: .inner, kept: search.kept, currentSystem: search.currentSystem, decisions: decisions)))
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .inner)))
    }

    /// Asks the optimizer for `num_user_candidate` rewrites of a task's best user
    /// prompt, each from its own sample of wrong answers, concurrently.
    func draftUsers(task: SPOTask, taskIndex: Int, parent: String, parentResult: NodeResult) async throws -> [Draft] {
        let systemText = search.text(search.currentSystem), parentText = search.text(parent)
        let examples = splits[task.name]!.train
        let prompts = setup.prompts
        let attempts = setup.optimizerAttempts
        let compact = config.compactExamples ?? false
        let guards = self.guards
        let maxWords = String(config.maxWords(.user))
        var jobs: [(slot: Int, sample: [EngineEvent.WrongExample], indices: [Int])] = []
        for slot in 0..<config.userCandidates {
            var rng = SeededRandom(seed: config.seed, stream: "inner/\(search.iteration)/\(task.name)/\(slot)")
            let sample = parentResult.wrong.stableSample(config.userErrorSamples, using: &rng)
            jobs.append((slot, sample, (0...attempts).map { sampleIndex(phase: PhaseCode.inner.rawValue, task: taskIndex, slot: slot, attempt: $0) }))
        }
        return try await withThrowingTaskGroup(of: (Int, Draft).self) { group in
            for job in jobs {
                let shown = job.sample.map { w in
                    OptimizerExample(index: w.i, systemPrompt: systemText, userMessage: task.render(examples[w.i], userPrompt: parentText),
                        response: w.response, prediction: w.prediction ?? Prediction.formatErrorLabel, gold: w.gold)
                        .rendered(sharing: compact ? .bothPrompts(question: examples[w.i].question) : .none)
                }.joined(separator: "\n")
                let step = RewriteStep(
                    kind: .user, analysis: prompts.userAnalysis, analysisFields: ["system_prompt": systemText, "user_prompt": parentText, "examples": shown],
                    writer: prompts.userWriter, writerFields: ["system_prompt": systemText, "user_prompt": parentText, "examples": shown, "max_words": maxWords],
                    parentText: parentText)
                group.addTask {
                    let draft = Draft(analysis: nil, examples: job.sample.map(\.i), text: nil, rejections: [])
                    return (job.slot, try await self.rewrite(step, into: draft, indices: job.indices, attempts: attempts, guards: guards))
                }
            }
            var out = [Draft?](repeating: nil, count: jobs.count)
            for try await (slot, d) in group { out[slot] = d }
            return out.compactMap { $0 }
        }
    }

    /// Records drafts in slot order: analyses, rejections, new candidates.
    func record(_ drafts: [Draft], kind: CandidateKind, parent: String, task: String?) throws -> [String] {
        var ids: [String] = []
        for d in drafts {
            let parent = d.parent ?? parent
            var analysisID: String?
            if let a = d.analysis { analysisID = try createAnalysis(target: parent, kind: kind, text: a, examples: d.examples, cut: d.analysisCut) }
            for (n, why) in d.rejections.enumerated() {
                try emit(.candidateRejected(.init(reason: why.reason, attempt: n + 1, target: parent, task: task, kind: kind, rule: why.rule)))
            }
            guard let text = d.text else { continue }
            if let dup = search.duplicate(of: text, kind: kind, task: task) {
                try emit(.candidateRejected(.init(reason: "same text as \(dup)", attempt: d.rejections.count + 1, target: parent, task: task, kind: kind)))
                continue
            }
            ids.append(try createCandidate(
                kind: kind, text: text, parent: parent, task: task, origin: d.secondParent == nil ? .rewrite : .merge, analysis: analysisID,
                secondParent: d.secondParent))
        }
        return ids
    }

    /// One warning when a step's every rewrite was rejected (issue 19: 27
    /// rejections once ended with "outer selection: system S1" and nothing
    /// else), so the dashboard, the log and the summary say the prompt stayed.
    func warnIfAllRejected(_ drafts: [Draft], recorded: [String], kind: CandidateKind, parent: String, task: String?) throws {
        let rejections = drafts.flatMap(\.rejections)
        // Sessions written before this warning existed resume with the events they logged.
        guard recorded.isEmpty, !drafts.isEmpty, startedByThisVersion else { return }
        let what = kind == .system ? "system" : "user"
        let last = rejections.last?.reason ?? "each was a copy of an existing prompt"
        let count = rejections.isEmpty ? drafts.count : rejections.count
        try emit(.warning(message: "\(task.map { "\($0): " } ?? "")all \(count) \(what) rewrite\(count == 1 ? "" : "s") of \(parent) rejected (last: \(last)); no new \(what) prompt from the optimizer this iteration"))
    }

    /// Keeps the top-k user prompts of a task (pinned ones always stay). Under
    /// `better` or `significant` a newcomer fills a free place, or displaces
    /// the weakest unpinned kept prompt only when the rule says so; the
    /// decisions come back for the `selection` event.
    @discardableResult
    func selectUsers(task: String, adding newIDs: [String]) -> [EngineEvent.Decision] {
        if acceptRule != "tie" { return selectUsersByRule(task: task, adding: newIDs) }
        var pool = (search.kept[task] ?? []) + newIDs
        pool = pool.filter { id in
            guard let c = search.candidates[id], !c.pruned else { return false }
            return result(NodeRef(system: search.currentSystem, user: id, task: task)) != nil
        }
        var seen = Set<String>()
        pool = pool.filter { seen.insert($0).inserted }
        pool.sort { better(NodeRef(system: search.currentSystem, user: $0, task: task), than: NodeRef(system: search.currentSystem, user: $1, task: task)) }
        let pinned = pool.filter { search.candidates[$0]?.pinned == true }
        let rest = pool.filter { search.candidates[$0]?.pinned != true }
        let chosen = Set(pinned + rest.prefix(max(0, config.userTopK - pinned.count)))
        search.kept[task] = pool.filter { chosen.contains($0) }
        return []
    }

    func selectUsersByRule(task: String, adding newIDs: [String]) -> [EngineEvent.Decision] {
        let usable = { (id: String) -> Bool in
            guard let c = self.search.candidates[id], !c.pruned else { return false }
            return self.result(NodeRef(system: self.search.currentSystem, user: id, task: task)) != nil
        }
        let order = { (a: String, b: String) in self.better(NodeRef(system: self.search.currentSystem, user: a, task: task), than: NodeRef(system: self.search.currentSystem, user: b, task: task)) }
        var keep = (search.kept[task] ?? []).filter(usable)
        var decisions: [EngineEvent.Decision] = []
        for id in newIDs.filter({ usable($0) && !keep.contains($0) }).sorted(by: order) {
            if search.candidates[id]?.pinned == true || keep.count < config.userTopK {
                keep.append(id)
                continue
            }
            guard let weakest = keep.filter({ search.candidates[$0]?.pinned != true }).sorted(by: order).last else { continue }
            let d = decide(user: id, over: weakest, task: task)
            decisions.append(d)
            if d.accepted { keep[keep.firstIndex(of: weakest)!] = id }
        }
        search.kept[task] = keep.sorted(by: order)
        return decisions
    }

    // MARK: Outer loop

    func outerLoop() async throws {
        try emit(.phaseStarted(.init(iteration: search.iteration, phase: .outer)))
        try await checkpoint()
        let parent = search.currentSystem
        // Under `pareto` each slot rewrites a front member drawn for it; else the current prompt.
        var parents = config.keepsFront ? try await paretoParents() : Array(repeating: parent, count: config.systemCandidates)
        // With `merge`, the last slot combines two front members that win on different tasks, when there are such.
        let pair = config.merge == true ? mergePair() : nil
        if pair != nil { parents.removeLast() }
        var drafts = try await draftSystems(parents: parents)
        if let pair { drafts.append(try await draftMerge(pair, slot: config.systemCandidates - 1)) }
        var newIDs = search.manualSystems
        search.manualSystems = []
        let recorded = try record(drafts, kind: .system, parent: parent, task: nil)
        try warnIfAllRejected(drafts, recorded: recorded, kind: .system, parent: parent, task: nil)
        newIDs += recorded
        let racers = newIDs.filter { search.candidates[$0]?.pruned == false }
        if config.keepsFront {
            // No drops on the mean: a prompt worse on average may still be best on a
            // task. Racing drops only what, on every task, some other prompt beats.
            let survivors = racers.isEmpty ? [] : try await race([systemRace(candidates: racers, iteration: search.iteration)], iteration: search.iteration)[0]
            try await finishParetoRound(adding: survivors)
            return
        }
        if !racers.isEmpty { _ = try await race([systemRace(candidates: racers, iteration: search.iteration)], iteration: search.iteration) }
        // Choose the best of the current prompt and the candidates.
        var best = search.currentSystem
        var decisions: [EngineEvent.Decision] = []
        if search.candidates[search.currentSystem]?.pinned != true {
            for id in newIDs where search.candidates[id]?.pruned == false {
                guard let d = decide(system: id, over: best) else { continue }
                decisions.append(d)
                if d.accepted { best = id }
            }
        }
        if best != search.currentSystem {
            search.currentSystem = best
            for t in setup.sourceTasks { sortKept(t.name) }
            // The new system prompt won on validation; its train failures feed the next step.
            if selectionSplit == .val { try await evaluate(keptNodes(system: search.currentSystem), split: .train) }
        }
        // Sessions from before acceptance rules carry no decisions (resume compares events byte for byte).
        try emit(.selection(.init(iteration: search.iteration, phase: .outer, kept: search.kept, currentSystem: search.currentSystem, decisions: config.accept == nil ? [] : decisions)))
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .outer)))
    }

    /// Asks for one new system prompt per entry of `parents` (the current
    /// prompt `num_system_candidate` times, or the Pareto parents drawn for
    /// each slot), each from wrong answers of its parent pooled across source
    /// tasks (`system_error_samples` per task; under `pareto` from the tasks
    /// where that parent is weakest).
    func draftSystems(parents: [String]) async throws -> [Draft] {
        let prompts = setup.prompts
        let attempts = setup.optimizerAttempts
        let sharing: OptimizerExample.Shared = config.compactExamples ?? false ? .systemPrompt : .none
        let maxWords = String(config.maxWords(.system))
        let guards = self.guards
        var jobs: [(slot: Int, shown: String, indices: [Int], examples: [Int], parent: String)] = []
        // The front's scores, read once for every slot (`pareto` only).
        let scored = config.keepsFront ? scoredFront() : nil
        for (slot, parent) in parents.enumerated() {
            let parentText = search.text(parent)
            var rng = SeededRandom(seed: config.seed, stream: "outer/\(search.iteration)/\(slot)")
            var blocks: [(String, [Int])] = []
            let weak = scored.map { Set(weakestTasks(of: parent, in: $0)) }
            for task in setup.sourceTasks where weak?.contains(task.name) ?? true {
                guard let best = search.kept[task.name]?.first, let r = result(NodeRef(system: parent, user: best, task: task.name), .train) else { continue }
                let sample = r.wrong.stableSample(config.systemErrorSamples, using: &rng)
                let examples = splits[task.name]!.train
                let userText = search.text(best)
                let shown = sample.map { w in
                    OptimizerExample(index: w.i, systemPrompt: parentText, userMessage: task.render(examples[w.i], userPrompt: userText),
                        response: w.response, prediction: w.prediction ?? Prediction.formatErrorLabel, gold: w.gold).rendered(sharing: sharing)
                }
                if !shown.isEmpty { blocks.append((shown.joined(separator: "\n"), sample.map(\.i))) }
            }
            blocks.stableShuffle(using: &rng)
            jobs.append((
                slot, blocks.map(\.0).joined(separator: "\n"),
                (0...attempts).map { sampleIndex(phase: PhaseCode.outer.rawValue, task: 0, slot: slot, attempt: $0) }, blocks.flatMap(\.1), parent
            ))
        }
        if jobs.allSatisfy({ $0.shown.isEmpty }) {
            try emit(.warning(message: "every kept prompt answers its train examples correctly; no system prompt rewrite this iteration"))
            return []
        }
        return try await withThrowingTaskGroup(of: (Int, Draft).self) { group in
            for job in jobs {
                let parentText = search.text(job.parent)
                let step = RewriteStep(
                    kind: .system, analysis: prompts.systemAnalysis, analysisFields: ["system_prompt": parentText, "examples": job.shown],
                    writer: prompts.systemWriter, writerFields: ["system_prompt": parentText, "max_words": maxWords], parentText: parentText)
                group.addTask {
                    let draft = Draft(analysis: nil, examples: job.examples, text: nil, rejections: [], parent: job.parent)
                    return (job.slot, try await self.rewrite(step, into: draft, indices: job.indices, attempts: attempts, guards: guards))
                }
            }
            var out = [Draft?](repeating: nil, count: jobs.count)
            for try await (slot, d) in group { out[slot] = d }
            return out.compactMap { $0 }
        }
    }

    // MARK: Test

    func finish() async throws -> RunSummary {
        search.iteration = max(search.iteration, 0)
        try emit(.phaseStarted(.init(iteration: search.iteration, phase: .test)))
        try await checkpoint()
        var nodes: [NodeRef] = []
        for t in setup.sourceTasks {
            nodes.append(NodeRef(system: search.initialSystem, user: search.initialUser[t.name]!, task: t.name))
            if let best = search.kept[t.name]?.first { nodes.append(NodeRef(system: search.currentSystem, user: best, task: t.name)) }
        }
        for t in setup.unseenTasks {
            nodes.append(NodeRef(system: search.initialSystem, user: search.initialUser[t.name]!, task: t.name))
            nodes.append(NodeRef(system: search.currentSystem, user: search.initialUser[t.name]!, task: t.name))
        }
        if config.testSize > 0 { try await evaluate(nodes, split: .test) }
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .test)))
        let summary = await makeSummary()
        try emit(.runFinished(.init(bestSystem: search.currentSystem, summary: (try? JSONValue.encoding(summary)) ?? [:])))
        return summary
    }
}
