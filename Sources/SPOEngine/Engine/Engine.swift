import Foundation
public import SPOCore
import SPOModelInterface

/// Runs a prompt-optimization method and streams what happens as events.
///
/// State changes only inside the actor; model calls run concurrently outside it.
/// Work that runs concurrently is gathered and its events emitted in a fixed
/// order, so the same config gives the same event log (which resume relies on).
public actor Engine {
    let setup: EngineSetup
    var config: RunConfig { setup.config }
    let splits: [String: TaskSplit]
    let tasksByName: [String: SPOTask]

    /// What the search has found so far: candidates, kept prompts, results,
    /// the current system prompt (`SearchState`). The rest of the actor is the
    /// runtime: events, checkpoints, commands, budget, evaluation.
    var search = SearchState()

    // Events.
    let sink: any EventSink
    let tOffset: Double
    let started = ContinuousClock.now
    var replay: ReplayLog?
    let continuation: AsyncStream<EventRecord>.Continuation
    /// Every event written, live. Finishes when the run ends.
    public nonisolated let events: AsyncStream<EventRecord>
    var progressMarks: [ScoreKey: Int] = [:]
    /// When the last usage event went out (progress events carry usage along, throttled).
    var lastUsageReport = Date.distantPast

    // Commands.
    var queue: [EngineCommand] = []
    var paused = false
    var stopRequested = false
    /// Raised as soon as a stop is asked for, so evaluations start no new requests.
    let stopFlag: StopFlag
    /// Shared by every evaluation, so only as many requests as the endpoints
    /// serve are started; the rest wait where a stop can drop them.
    let gate: RequestGate
    /// `askBase` calls so far: their order at the gate.
    var askCount = 0
    /// Built on first use by `guards`.
    var builtGuards: PromptGuards?
    /// Answers a race's idle slots asked ahead of the round that needs them.
    nonisolated let askedAhead = AskedAhead()
    var waiter: CheckedContinuation<Void, Never>?

    // Budgets.
    let budget: BudgetGuard
    /// The models as the search calls them: each call first checks the budget.
    let baseModel: any LanguageModel
    let optimizerModel: any LanguageModel

    /// - Parameters:
    ///   - sink: where events are numbered and kept (the session, or memory).
    ///   - resumeFrom: the events of an interrupted run of the same session; the
    ///     sink must already continue after them.
    public init(setup: EngineSetup, sink: any EventSink, resumeFrom records: [EventRecord] = []) {
        self.setup = setup
        self.sink = sink
        gate = RequestGate(permits: setup.baseConcurrency)
        let stop = StopFlag()
        stopFlag = stop
        budget = BudgetGuard(limits: setup.config.budget, prices: setup.config.prices, resumingFrom: records)
        baseModel = BudgetedModel(setup.base, guard: budget, role: .base, priceName: setup.config.base.model ?? "", stop: stop)
        optimizerModel = BudgetedModel(setup.optimizer, guard: budget, role: .optimizer, priceName: setup.config.optimizer.model ?? "", stop: stop)
        var splits: [String: TaskSplit] = [:]
        var byName: [String: SPOTask] = [:]
        for task in setup.sourceTasks + setup.unseenTasks {
            byName[task.name] = task
            let isSource = setup.sourceTasks.contains { $0.name == task.name }
            splits[task.name] = TaskSplit(
                task: task, trainSize: setup.config.trainSize, testSize: setup.config.testSize, seed: setup.config.seed,
                valSize: isSource ? setup.config.validationSplitSize : 0)
        }
        self.splits = splits
        self.tasksByName = byName
        if records.isEmpty {
            tOffset = 0
            replay = nil
        } else {
            let log = ReplayLog(records: records)
            tOffset = log.lastT
            replay = log
        }
        let (stream, continuation) = AsyncStream<EventRecord>.makeStream(bufferingPolicy: .unbounded)
        events = stream
        self.continuation = continuation
    }

    // MARK: Commands

    /// Queues a command; it takes effect at the next checkpoint (at once while paused).
    public func send(_ command: EngineCommand) {
        if command == .stop { stopFlag.raise() }
        queue.append(command)
        if let w = waiter {
            waiter = nil
            w.resume()
        }
    }

    /// Applies logged and queued commands, waits while paused, unwinds on stop.
    func checkpoint() async throws {
        if budget.check() != nil {
            stopFlag.raise()
            throw StopRequested()
        }
        // A resumed run applies the commands of its log where they were applied.
        while let logged = replay?.nextCommand {
            try await applyLogged(logged)
        }
        while true {
            let pending = queue
            queue = []
            for c in pending { try await apply(c) }
            if stopRequested { throw StopRequested() }
            if let s = search.pendingPinnedSystem {
                search.pendingPinnedSystem = nil
                try await switchSystem(to: s, reason: .pin)
            }
            if paused && queue.isEmpty {
                await withCheckedContinuation { waiter = $0 }
                continue
            }
            if queue.isEmpty { return }
        }
    }

    private func applyLogged(_ c: EngineEvent.Command) async throws {
        switch c.command {
        case .pin: try await apply(.pin(c.id ?? ""))
        case .prune: try await apply(.prune(c.id ?? ""))
        case .add:
            if let created = replay?.candidateAfterCommand {
                try await apply(.add(kind: created.kind, text: created.text, task: created.task))
            } else {
                try emit(.command(c))
            }
        default:
            // pause/resume/stop of the old run: record them, do not act again.
            try emit(.command(c))
        }
    }

    func apply(_ command: EngineCommand) async throws {
        switch command {
        case .pause:
            guard !paused else { return }
            paused = true
            try emit(.command(.init(command: .pause, by: .user)))
            try emit(.paused)
        case .resume:
            guard paused else { return }
            paused = false
            try emit(.command(.init(command: .resume, by: .user)))
            try emit(.resumed)
        case .stop:
            stopRequested = true
            try emit(.command(.init(command: .stop, by: .user)))
        case .pin(let id):
            if let refusal = CommandRules.refusePin(exists: search.candidates[id] != nil, pruned: search.candidates[id]?.pruned == true) {
                try emit(.commandRefused(.init(command: .pin, id: id, reason: refusal.reason)))
                return
            }
            guard var c = search.candidates[id] else { return }
            c.pinned = true
            search.candidates[id] = c
            try emit(.command(.init(command: .pin, id: id, by: .user)))
            if c.kind == .system, id != search.currentSystem {
                search.pendingPinnedSystem = id
            } else if c.kind == .user, let task = c.task, search.kept[task] != nil, !(search.kept[task]!.contains(id)) {
                search.kept[task]!.append(id)
                sortKept(task)
            }
        case .prune(let id):
            if let refusal = CommandRules.refusePrune(kind: search.candidates[id]?.kind, task: search.candidates[id]?.task, id: id, currentSystem: search.currentSystem, kept: search.kept) {
                try emit(.commandRefused(.init(command: .prune, id: id, reason: refusal.reason)))
                return
            }
            guard var c = search.candidates[id] else { return }
            c.pruned = true
            c.pinned = false
            search.candidates[id] = c
            if let task = c.task { search.kept[task]?.removeAll { $0 == id } }
            search.manualSystems.removeAll { $0 == id }
            for t in search.manualUsers.keys { search.manualUsers[t]?.removeAll { $0 == id } }
            try emit(.command(.init(command: .prune, id: id, by: .user)))
        case .add(let kind, let text, let task):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                try emit(.warning(message: "add: the prompt is empty"))
                return
            }
            if kind == .system ? !searchesSystemPrompts : !searchesUserPrompts {
                try emit(.warning(message: "add: \(config.method) does not search \(kind.rawValue) prompts, so a hand-written one would never be used"))
                return
            }
            if kind == .user {
                guard let task, search.kept[task] != nil else {
                    try emit(.warning(message: "add: a user prompt needs one of the source tasks (\(setup.sourceTasks.map(\.name).joined(separator: ", ")))"))
                    return
                }
                guard trimmed.contains(SPOTask.questionSlot) else {
                    try emit(.warning(message: "add: a user prompt must contain {question}"))
                    return
                }
            }
            try emit(.command(.init(command: .add, by: .user)))
            let id = try createCandidate(kind: kind, text: trimmed, parent: nil, task: kind == .user ? task : nil, origin: .manual, analysis: nil)
            if kind == .user, let task { search.manualUsers[task, default: []].append(id) } else { search.manualSystems.append(id) }
        }
    }

    /// True once `run()` has returned (finished, stopped or failed).
    public private(set) var hasEnded = false

    /// Ends the event stream of an engine that will never run (a start the user
    /// declined), so whoever reads `events` finishes too.
    public func abandon() {
        hasEnded = true
        continuation.finish()
    }

    /// Records a warning from outside the search (say, an endpoint that answered 429).
    public func warn(_ message: String) {
        _ = try? emit(.warning(message: message))
    }

    // MARK: Events

    /// Numbers, records and publishes one event (or skips it while a resumed run
    /// is still catching up with its log).
    /// Writes an event (or, while a resume catches up, checks it against the
    /// log); returns its seq (nil for a caught-up event resume does not compare).
    @discardableResult
    func emit(_ event: EngineEvent) throws -> Int? {
        if var log = replay, log.active {
            switch log.consume(event) {
            case .suppressed(let seq):
                replay = log
                if !log.active { try finishCatchUp() }
                return seq
            case .diverged(let seq):
                replay = nil
                try sink.truncate(fromSeq: seq)
                try write(.warning(message: "resumed run differs from its log at event \(seq) (a cached reply is missing?); the log continues from here"))
            }
        }
        return try write(event)
    }

    private func finishCatchUp() throws {
        replay = nil
        try write(.resumed)
    }

    @discardableResult
    private func write(_ event: EngineEvent) throws -> Int {
        let record = try sink.append(event)
        continuation.yield(record)
        return record.seq
    }

    var catchingUp: Bool { replay?.active ?? false }

    func reportProgress(_ key: ScoreKey, _ p: SPOEngine.EvaluationProgress) async {
        // About ten updates per evaluation keep the log small and the view live.
        let step = max(1, p.of / 10)
        let last = progressMarks[key] ?? 0
        guard p.done == p.of || p.done - last >= step else { return }
        progressMarks[key] = p.done
        _ = try? emit(.evaluationProgress(.init(node: key.node, split: key.split, done: p.done, of: p.of, correct: p.correct)))
        // Usage rides along at most every few seconds, so the header's calls and
        // tokens move during a long evaluation, not only between phases.
        let now = Date()
        if now.timeIntervalSince(lastUsageReport) >= 3 {
            lastUsageReport = now
            try? await reportUsage()
        }
    }

    func reportUsage() async throws {
        // Running totals since the run first started (resumes included).
        guard let snap = await usageTotals() else { return }
        for role in ModelRole.allCases {
            let u = snap[role]
            try emit(.usage(.init(
                role: role, calls: u.calls, promptTokens: u.promptTokens, completionTokens: u.completionTokens,
                cacheHits: u.cacheHits, errors: u.errors, costUSD: u.costUSD, retries: u.retries, latency: u.latencySeconds)))
        }
    }

    // MARK: Candidates

    @discardableResult
    func createCandidate(
        kind: CandidateKind, text: String, parent: String?, task: String?, origin: CandidateOrigin, analysis: String?, secondParent: String? = nil
    ) throws -> String {
        search.counters[kind, default: 0] += 1
        let id = (kind == .system ? "S" : "U") + String(search.counters[kind]!)
        let systemAtCreation = kind == .user ? search.currentSystem : nil
        let seq = try emit(.candidateCreated(.init(id: id, kind: kind, parent: parent, task: task, origin: origin, analysis: analysis, secondParent: secondParent, text: text)))
        // `candidate_created` is compared on resume, so a caught-up one has its logged seq too.
        var c = CandidateEntry(
            id: id, kind: kind, text: text, parent: parent, task: task, origin: origin, analysis: analysis, createdSeq: seq ?? 0,
            iteration: search.iteration, systemAtCreation: systemAtCreation)
        c.secondParent = secondParent
        search.candidates[id] = c
        search.candidateOrder.append(id)
        return id
    }

    func createAnalysis(target: String, kind: CandidateKind, text: String, examples: [Int], cut: Bool = false) throws -> String {
        search.analysisCounter += 1
        let id = "A\(search.analysisCounter)"
        try emit(.analysisCreated(.init(id: id, target: target, kind: kind, text: text, examples: examples, cut: cut)))
        return id
    }

    // MARK: Evaluation

    /// The sampling parameters of a base request under one prompt pair: its
    /// answer cap and stop sequence come from `AnswerBudget`.
    func baseParameters(system: String, user: String) -> SamplingParameters {
        Evaluator.parameters(for: config.base, budget: config.answerBudget, system: system, user: user, seed: config.seed)
    }

    /// A node's complete result on `split` (nil: the selection split).
    func result(_ node: NodeRef, _ split: Split? = nil) -> NodeResult? {
        search.results[ScoreKey(node: node, split: split ?? selectionSplit)]
    }

    /// Where candidates are compared and kept: `val` when the run has a
    /// validation split (`val_size` with a method that uses it), else `train`
    /// as in the paper. Failures shown to the optimizer always come from train.
    var selectionSplit: Split {
        config.validationSplitSize > 0 ? .val : .train
    }

    /// Scores `nodes` where the optimizer's failures come from (train) and,
    /// with a validation split, where they are compared (val).
    func evaluateForSearch(_ nodes: [NodeRef]) async throws {
        try await evaluate(nodes, split: .train)
        if selectionSplit == .val { try await evaluate(nodes, split: .val) }
    }

    // MARK: Optimizer calls

    /// A sample index unique to (iteration, phase, task, slot, attempt): sampled
    /// replies stay distinct in the cache, and a retry never gets the rejected
    /// reply back from it.
    func sampleIndex(phase: Int, task: Int, slot: Int, attempt: Int) -> Int {
        ((((search.iteration * 4 + phase) * 1000 + task) * 100 + slot) * 10) + attempt
    }

    /// One optimizer call. Malformed replies from the endpoint come back as nil.
    func askOptimizerText(_ prompt: MetaPrompt, _ values: [String: String], sampleIndex: Int) async throws -> String? {
        try await askOptimizer(prompt, values, sampleIndex: sampleIndex)?.text
    }

    /// One optimizer call for a failure analysis, capped at
    /// `optimizer_model.analysis_max_tokens`: the reply and whether it reached the cap.
    func askAnalysis(_ prompt: MetaPrompt, _ values: [String: String], sampleIndex: Int) async throws -> (text: String, cut: Bool)? {
        try await askOptimizer(prompt, values, sampleIndex: sampleIndex, maxTokens: config.optimizer.analysisMaxTokens)
    }

    /// One optimizer call for a rewritten prompt of `kind`, capped at room for
    /// the word budget the writer meta-prompt states (about two tokens a word,
    /// plus the tags and a preamble); a 1.5B optimizer was seen writing 900
    /// tokens for a prompt asked to stay under 200 words.
    func askWriter(_ prompt: MetaPrompt, _ values: [String: String], sampleIndex: Int, kind: CandidateKind) async throws -> (text: String, cut: Bool)? {
        try await askOptimizer(prompt, values, sampleIndex: sampleIndex, maxTokens: writerTokens(kind))
    }

    /// The token cap of a rewrite of `kind` with `compact_examples` (the
    /// default of new runs); nil (the optimizer's own cap) without it, as in
    /// sessions that predate it and the paper's exchange.
    func writerTokens(_ kind: CandidateKind) -> Int? {
        guard config.compactExamples == true else { return nil }
        return config.maxWords(kind) * 2 + 100
    }

    /// One optimizer call; `maxTokens` (nil: `optimizer_model.max_tokens`) caps
    /// the reply, and `cut` says whether it reached the cap.
    func askOptimizer(_ prompt: MetaPrompt, _ values: [String: String], sampleIndex: Int, maxTokens: Int? = nil) async throws -> (text: String, cut: Bool)? {
        let messages: [ChatMessage] = [.system(prompt.system), .user(prompt.render(values))]
        let cap = min(maxTokens ?? config.optimizer.maxTokens, config.optimizer.maxTokens)
        let params = SamplingParameters(
            temperature: config.optimizer.temperature, maxTokens: cap,
            seed: config.seed &+ UInt64(sampleIndex), sampleIndex: sampleIndex)
        let optimizer = optimizerModel
        do {
            let reply = try await optimizer.complete(messages, parameters: params)
            return (reply.text, reply.usage.completionTokens >= cap)
        } catch let e as ModelError where e.isPerRequest {
            return nil
        } catch is EvaluationStopped {
            // A budget ran out before the request was sent.
            throw StopRequested()
        }
    }

    // MARK: Selection

    /// Orders a task's kept user prompts by score under the current system prompt.
    func sortKept(_ task: String) {
        guard let ids = search.kept[task] else { return }
        search.kept[task] = ids.sorted { better(NodeRef(system: search.currentSystem, user: $0, task: task), than: NodeRef(system: search.currentSystem, user: $1, task: task)) }
    }

    /// The tie rule: higher score; then fewer format errors; with `tie_break:
    /// cheaper`, fewer answer tokens; then the newer candidate (an exact tie is
    /// no evidence against the newer prompt, which was written from the current
    /// failures; the paper's strict "better than" rejected every tied candidate
    /// and left the search stuck).
    func better(_ a: NodeRef, than b: NodeRef) -> Bool {
        let ra = result(a), rb = result(b)
        let sa = ra?.score ?? -1, sb = rb?.score ?? -1
        if sa != sb { return sa > sb }
        let fa = ra?.summary.formatErrors ?? Int.max, fb = rb?.summary.formatErrors ?? Int.max
        if fa != fb { return fa < fb }
        if prefersCheaper, let ca = ra?.cost?.meanTokens, let cb = rb?.cost?.meanTokens, ca != cb { return ca < cb }
        return (search.candidates[a.user]?.createdSeq ?? 0) > (search.candidates[b.user]?.createdSeq ?? 0)
    }

    /// The checks a rewritten prompt passes before it is scored (`guards: true`).
    var guards: RewriteGuards {
        guard config.guards == true else { return RewriteGuards(checks: nil) }
        if let built = builtGuards { return RewriteGuards(checks: built) }
        // The texts the optimizer could have been shown: train questions and gold answers.
        var texts: [String] = []
        for t in setup.sourceTasks {
            for e in splits[t.name]?.train ?? [] { texts.append(e.question); texts += e.answers }
        }
        let built = PromptGuards(
            maxWords: [.system: config.maxWords(.system), .user: config.maxWords(.user)],
            taskNames: (setup.sourceTasks + setup.unseenTasks).map(\.name), trainTexts: texts)
        builtGuards = built
        return RewriteGuards(checks: built)
    }

    /// Per-example credit of `a` against `b` over the examples both were asked
    /// on `split` (same questions), for a paired comparison.
    func pairs(_ a: NodeRef, _ b: NodeRef, split: Split) -> [(Double, Double)] {
        guard let oa = search.outcomes[ScoreKey(node: a, split: split)], let ob = search.outcomes[ScoreKey(node: b, split: split)] else { return [] }
        func credit(_ o: ExampleOutcome) -> Double { o.item.credit ?? (o.item.correct ? 1 : 0) }
        return oa.items.keys.sorted().compactMap { i in ob.items[i].map { (credit(oa.items[i]!), credit($0)) } }
    }

    /// Whether this session was started by a version that writes the events
    /// of issues 17–19 (answer costs in `evaluation_finished`, the warning
    /// when every rewrite was rejected): new runs record `stop_at_answer`
    /// (`RunConfig.applyProductDefaults`); older sessions do not, and their
    /// resumed events must equal their log.
    var startedByThisVersion: Bool { config.stopAtAnswer != nil }

    /// Whether exact ties go to the candidate whose answers cost fewer tokens.
    var prefersCheaper: Bool { config.tieBreak == "cheaper" }

    /// Mean selection score (train, or val with a validation split) of a system prompt over every kept node, its format
    /// errors, and the mean answer tokens of those nodes (nil when unknown).
    func metaScore(system: String) -> (score: Double, formatErrors: Int, answerTokens: Double?)? {
        var total = 0.0, count = 0, fmt = 0
        var costs: [AnswerCost?] = []
        for task in setup.sourceTasks {
            for u in search.kept[task.name] ?? [] {
                guard let r = result(NodeRef(system: system, user: u, task: task.name)) else { return nil }
                total += r.score
                fmt += r.summary.formatErrors
                costs.append(r.cost)
                count += 1
            }
        }
        return count == 0 ? nil : (total / Double(count), fmt, AnswerCost.total(costs)?.meanTokens)
    }

    /// Whether system prompt `candidate` takes the place of `incumbent` in the
    /// outer loop, under the run's acceptance rule (`decide`).
    func replaces(_ candidate: String, _ incumbent: String) -> Bool {
        decide(system: candidate, over: incumbent)?.accepted ?? false
    }

    /// The acceptance rule of the run (`accept`; nil: `tie`).
    var acceptRule: String { acceptance.rule.rawValue }

    /// The run's `accept`, `accept_level` and `tie_break` as one rule.
    var acceptance: Acceptance {
        Acceptance(rule: config.accept.flatMap(Acceptance.Rule.init(rawValue:)) ?? .tie, level: config.acceptLevel ?? 0.90, cheaperBreaksTies: prefersCheaper)
    }

    /// Whether system prompt `candidate` takes `incumbent`'s place, and why
    /// (`Acceptance`): their mean selection scores over every kept node, and
    /// the paired difference over those nodes' examples (same user prompts,
    /// same questions). Nil when either is not scored on every kept node.
    func decide(system candidate: String, over incumbent: String) -> EngineEvent.Decision? {
        guard let c = metaScore(system: candidate), let i = metaScore(system: incumbent) else { return nil }
        var paired: [(Double, Double)] = []
        for t in setup.sourceTasks {
            for u in search.kept[t.name] ?? [] {
                paired += pairs(NodeRef(system: candidate, user: u, task: t.name), NodeRef(system: incumbent, user: u, task: t.name), split: selectionSplit)
            }
        }
        let accepted = acceptance.accepts(
            candidate: .init(score: c.score, formatErrors: c.formatErrors, answerTokens: c.answerTokens),
            incumbent: .init(score: i.score, formatErrors: i.formatErrors, answerTokens: i.answerTokens), paired: paired)
        return decision(candidate, incumbent, task: nil, paired: paired, accepted: accepted)
    }

    /// Whether user prompt `candidate` displaces the kept `incumbent` of
    /// `task` under `better` or `significant` (scores under the current system
    /// prompt, paired on the task's selection questions).
    func decide(user candidate: String, over incumbent: String, task: String) -> EngineEvent.Decision {
        let a = NodeRef(system: search.currentSystem, user: candidate, task: task), b = NodeRef(system: search.currentSystem, user: incumbent, task: task)
        let paired = pairs(a, b, split: selectionSplit)
        let standing = { (r: NodeResult?) in Acceptance.Standing(score: r?.score ?? -1, formatErrors: r?.summary.formatErrors ?? Int.max, answerTokens: r?.cost?.meanTokens) }
        let accepted = acceptance.accepts(candidate: standing(result(a)), incumbent: standing(result(b)), paired: paired)
        return decision(candidate, incumbent, task: task, paired: paired, accepted: accepted)
    }

    func decision(_ candidate: String, _ incumbent: String, task: String?, paired: [(Double, Double)], accepted: Bool) -> EngineEvent.Decision {
        let e = PairedDifference(paired).estimate
        return EngineEvent.Decision(
            candidate: candidate, incumbent: incumbent, task: task, rule: acceptRule, accepted: accepted, gain: e.score, low: e.low, high: e.high,
            bound: acceptance.bound(paired), n: e.n)
    }

    func keptNodes(system: String) -> [NodeRef] {
        setup.sourceTasks.flatMap { t in (search.kept[t.name] ?? []).map { NodeRef(system: system, user: $0, task: t.name) } }
    }

    /// Makes `id` the current system prompt (a pin), scoring its nodes first.
    func switchSystem(to id: String, reason: PhaseName) async throws {
        try await evaluateForSearch(keptNodes(system: id))
        search.currentSystem = id
        for t in setup.sourceTasks { sortKept(t.name) }
        try emit(.selection(.init(iteration: search.iteration, phase: reason, kept: search.kept, currentSystem: search.currentSystem)))
    }

    // MARK: Running

    /// Runs the configured method to the end, a stop, or an error.
    public func run() async throws -> EngineOutcome {
        defer {
            hasEnded = true
            continuation.finish()
        }
        do {
            try emit(.runStarted(.init(
                run: setup.runID, method: config.method.rawValue, config: setup.configJSON,
                tasks: setup.sourceTasks.map {
                    .init(name: $0.name, role: .source, train: splits[$0.name]!.train.count, val: splits[$0.name]!.validation.count, test: splits[$0.name]!.test.count)
                }
                    + setup.unseenTasks.map { .init(name: $0.name, role: .unseen, train: 0, test: splits[$0.name]!.test.count) },
                models: setup.modelNames)))
            let summary = try await runMethod()
            try await reportUsage()
            return .finished(summary)
        } catch is StopRequested {
            if let hit = budget.reached {
                // A budget ran out: stop like a stop command, resumable with a higher limit.
                let reason = "budget reached: \(BudgetGuard.describe(hit))"
                _ = try? emit(.budgetReached(hit))
                try? await reportUsage()
                _ = try? emit(.stopped(.init(reason: reason, resumable: true)))
                return .stopped(reason: reason)
            }
            // A stop that cut an evaluation short is logged like one taken at a checkpoint.
            if !stopRequested, queue.contains(.stop) {
                queue.removeAll { $0 == .stop }
                try? await apply(.stop)
            }
            try? await reportUsage()
            _ = try? emit(.stopped(.init(reason: "stopped by user", resumable: true)))
            return .stopped(reason: "stopped by user")
        } catch is CancellationError {
            _ = try? emit(.stopped(.init(reason: "cancelled", resumable: true)))
            return .stopped(reason: "cancelled")
        } catch {
            _ = try? emit(.error(message: "\(error)"))
            _ = try? emit(.stopped(.init(reason: "error: \(error)", resumable: true)))
            throw error
        }
    }
}
