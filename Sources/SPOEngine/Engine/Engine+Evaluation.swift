import Foundation
import SPOCore
import SPOModelInterface

/// Scoring nodes on a split, whole or in part.
///
/// Every example a node is asked is kept (`NodeOutcomes`), so a racing
/// evaluation can grow a node's subsample round by round without asking any
/// example twice, and a full evaluation later only asks what is missing. A node
/// becomes a `NodeResult` (and gets its `evaluation_finished`) once every
/// example of the split is in.
extension Engine {
    /// Some examples of one node on one split.
    struct EvaluationRequest: Sendable {
        var node: NodeRef
        var split: Split
        /// Indices into the split; nil for all of them.
        var indices: [Int]?
    }

    /// Evaluates nodes concurrently (skipping those already scored) and emits
    /// their results in the order given.
    @discardableResult
    func evaluate(_ nodes: [NodeRef], split: Split) async throws -> [NodeResult] {
        try await evaluate(nodes.map { EvaluationRequest(node: $0, split: split, indices: nil) })
        return nodes.compactMap { search.results[ScoreKey(node: $0, split: split)] }
    }

    /// Asks every requested example that was not asked before, all requests
    /// concurrently, then records the answers in request order: each node whose
    /// split is now complete gets its `NodeResult` and `evaluation_finished`.
    /// Pruned nodes are skipped. Examples a race asked ahead are taken from
    /// `askedAhead` (waited for when still in flight), not asked again.
    /// - Parameter lookahead: what a race round's idle slots may ask ahead.
    func evaluate(_ requests: [EvaluationRequest], lookahead: RaceLookahead? = nil) async throws {
        // One entry per node, in the order first asked; the same node twice asks each example once.
        var touched: [ScoreKey] = []
        var wantedByKey: [ScoreKey: [Int]?] = [:]
        for r in requests {
            let key = ScoreKey(node: r.node, split: r.split)
            if search.results[key] != nil { continue }
            if search.candidates[r.node.system]?.pruned == true || search.candidates[r.node.user]?.pruned == true { continue }
            guard splits[r.node.task] != nil, tasksByName[r.node.task] != nil else { continue }
            if let earlier = wantedByKey[key] {
                if let e = earlier, let more = r.indices { wantedByKey[key] = e + more.filter { !e.contains($0) } } else { wantedByKey[key] = .some(nil) }
            } else {
                touched.append(key)
                wantedByKey[key] = .some(r.indices)
            }
        }
        var failures: [ScoreKey: [(index: Int, message: String)]] = [:]
        /// The wanted examples of `key` not answered yet; those asked ahead are taken, those in flight left out.
        func missing(_ key: ScoreKey) -> (ask: [Int], inFlight: Set<Int>) {
            let all = splits[key.node.task]!.examples(key.split)
            let open = (wantedByKey[key]! ?? Array(all.indices)).filter { all.indices.contains($0) && search.outcomes[key]?.items[$0] == nil }
            guard !open.isEmpty else { return ([], []) }
            let ahead = askedAhead.take(key, open)
            for a in ahead.landed {
                search.outcomes[key, default: NodeOutcomes()].add(a.outcome)
                if let f = a.failure { failures[key, default: []].append((a.outcome.index, f)) }
            }
            return (open.filter { search.outcomes[key]?.items[$0] == nil && !ahead.inFlight.contains($0) }, ahead.inFlight)
        }
        var waiting: [ScoreKey: Set<Int>] = [:]
        var toAsk: [(key: ScoreKey, indices: [Int])] = []
        for key in touched {
            let m = missing(key)
            if !m.inFlight.isEmpty { waiting[key] = m.inFlight }
            if !m.ask.isEmpty { toAsk.append((key, m.ask)) }
        }
        try await askAndRecord(toAsk, lookahead: lookahead, failures: &failures)
        if !waiting.isEmpty {
            // Only these: this round's own idle slots may meanwhile have asked further ahead.
            await askedAhead.wait(for: waiting)
            // An example asked ahead that got no answer is asked now.
            var again: [(key: ScoreKey, indices: [Int])] = []
            for key in touched where waiting[key] != nil {
                let m = missing(key)
                if !m.ask.isEmpty { again.append((key, m.ask)) }
            }
            try await askAndRecord(again, lookahead: nil, failures: &failures)
        }
        for key in touched {
            for f in (failures[key] ?? []).sorted(by: { $0.index < $1.index }) {
                try emit(.warning(message: "\(key.node) example \(f.index): \(f.message); scored as a format error"))
            }
        }

        for key in touched where search.results[key] == nil {
            guard let got = search.outcomes[key], let taskSplit = splits[key.node.task], let task = tasksByName[key.node.task] else { continue }
            let all = taskSplit.examples(key.split)
            guard got.items.count == all.count else { continue }
            let nr = nodeResult(key, got, task: task, examples: all)
            search.results[key] = nr
            try emit(.evaluationFinished(.init(
                node: key.node, split: key.split, score: nr.score, n: nr.summary.n, wrong: nr.wrong,
                low: nr.summary.low, high: nr.summary.high, correct: nr.summary.correct, cost: startedByThisVersion ? nr.cost : nil)))
        }
    }

    /// Asks some examples of some nodes and adds the answers to `outcomes`.
    private func askAndRecord(
        _ wanted: [(key: ScoreKey, indices: [Int])], lookahead: RaceLookahead?, failures: inout [ScoreKey: [(index: Int, message: String)]]
    ) async throws {
        guard !wanted.isEmpty else { return }
        struct Job: Sendable {
            var key: ScoreKey
            var indices: [Int]
            var doneBefore: Int
            var correctBefore: Int
            var full: Int
        }
        var jobs: [Job] = []
        var questions: [(task: SPOTask, system: String, user: String, examples: [Example])] = []
        for w in wanted {
            let all = splits[w.key.node.task]!.examples(w.key.split)
            jobs.append(Job(
                key: w.key, indices: w.indices, doneBefore: search.outcomes[w.key]?.items.count ?? 0, correctBefore: search.outcomes[w.key]?.correct ?? 0,
                full: all.count))
            questions.append((tasksByName[w.key.node.task]!, search.text(w.key.node.system), search.text(w.key.node.user), w.indices.map { all[$0] }))
        }
        let answers = try await askBase(questions, lookahead: lookahead.map { ($0, jobs.map { ($0.key, $0.indices) }) }) { [jobs] job, p in
            let j = jobs[job]
            await self.reportProgress(j.key, EvaluationProgress(done: j.doneBefore + p.done, of: j.full, correct: j.correctBefore + p.correct))
        }
        for (i, job) in jobs.enumerated() {
            let r = answers[i]
            var got = search.outcomes[job.key] ?? NodeOutcomes()
            for o in r.outcomes {
                var o = o
                o.index = job.indices[o.index]
                got.add(o)
            }
            search.outcomes[job.key] = got
            for f in r.failures { failures[job.key, default: []].append((job.indices[f.index], f.message)) }
        }
    }

    /// The result of the examples of `key` asked so far (all of them for a full result).
    func nodeResult(_ key: ScoreKey, _ got: NodeOutcomes, task: SPOTask, examples: [Example]) -> NodeResult {
        let ordered = got.items.keys.sorted().map { got.items[$0]! }
        let summary = Scorer(task: task).summarize(ordered.map(\.item))
        let wrong = ordered.filter { !$0.item.correct }.map { o in
            EngineEvent.WrongExample(i: o.index, response: o.response, prediction: o.item.prediction.label, gold: examples[o.index].answers.joined(separator: " | "))
        }
        return NodeResult(node: key.node, split: key.split, summary: summary, wrong: wrong, cost: AnswerCost.total(ordered.map(\.cost)))
    }

    /// Records the partial score of a node a race dropped: `evaluation_finished`
    /// with `n` below the split's size. The node stays incomplete (no `NodeResult`),
    /// so a later full evaluation (a pin, say) asks only what is missing.
    func reportDropped(_ key: ScoreKey) throws {
        guard search.results[key] == nil, let got = search.outcomes[key], !got.items.isEmpty,
            let taskSplit = splits[key.node.task], let task = tasksByName[key.node.task]
        else { return }
        let nr = nodeResult(key, got, task: task, examples: taskSplit.examples(key.split))
        try emit(.evaluationFinished(.init(
            node: key.node, split: key.split, score: nr.score, n: nr.summary.n, wrong: nr.wrong,
            low: nr.summary.low, high: nr.summary.high, correct: nr.summary.correct, cost: startedByThisVersion ? nr.cost : nil)))
    }
}

extension Engine {
    /// Asks the base model every example of every job and scores the replies.
    ///
    /// One queue of requests and as many workers as the gate has permits: with
    /// `prefix_order` the queue holds each job's requests one after another, so
    /// consecutive requests (and a server slot's successive ones) share their
    /// system and user prompt, which the server keeps cached; without it the
    /// jobs' requests take turns. A stop (or a budget) lets the requests in
    /// flight finish and starts no others; the answers that came in are kept.
    /// - Returns: per job, its outcomes (index = position in its examples).
    /// - Parameter lookahead: a race round's plan of what its idle slots may
    ///   ask ahead, and each job's node and example indices.
    func askBase(
        _ jobs: [(task: SPOTask, system: String, user: String, examples: [Example])],
        lookahead: (plan: RaceLookahead, jobs: [(key: ScoreKey, indices: [Int])])? = nil,
        progress: @escaping @Sendable (Int, EvaluationProgress) async -> Void
    ) async throws -> [EvaluationResult] {
        var queue: [(job: Int, position: Int)] = []
        if config.prefixOrder ?? true {
            for (j, job) in jobs.enumerated() { queue += job.examples.indices.map { (j, $0) } }
        } else {
            let longest = jobs.map(\.examples.count).max() ?? 0
            for p in 0..<longest { for (j, job) in jobs.enumerated() where p < job.examples.count { queue.append((j, p)) } }
        }
        let board = AnswerBoard(jobs: jobs.map(\.examples.count), queue: queue)
        defer { board.close() }
        // Steps that ask at the same time (the inner loops of several tasks)
        // share the gate; in prefix order the one that asked first goes first.
        askCount += 1
        let order = config.prefixOrder ?? true ? askCount : 0
        let scorers = jobs.map { Scorer(task: $0.task) }
        let model = baseModel, gate = self.gate, stop = stopFlag
        let parameters = jobs.map { baseParameters(system: $0.system, user: $0.user) }
        let settings = config.base, budget = config.answerBudget, seed = config.seed
        let messages: @Sendable (Int, Int) -> [ChatMessage] = { j, p in
            Evaluator.messages(task: jobs[j].task, systemPrompt: jobs[j].system, userPrompt: jobs[j].user, example: jobs[j].examples[p])
        }
        let pump = lookahead.map { la in
            AheadPump(plan: la.plan, board: board, jobs: la.jobs, store: askedAhead, slots: setup.baseConcurrency, stop: stop) { r in
                await Self.askAhead(
                    r, model: model, parameters: Evaluator.parameters(for: settings, budget: budget, system: r.system, user: r.user, seed: seed),
                    gate: gate, order: order, stop: stop)
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(setup.baseConcurrency, queue.count) {
                group.addTask {
                    // A worker that finds the queue empty hands its slot to the next round.
                    defer { pump?.pump() }
                    while stop.isRaised == false, let (j, p) = board.next() {
                        guard let reply = try await Self.sendBase(messages(j, p), model: model, parameters: parameters[j], gate: gate, order: order, stop: stop)
                        else { return }
                        let item = scorers[j].item(response: reply.text, example: jobs[j].examples[p])
                        let state = board.answer(job: j, position: p, response: reply.text, item: item, failure: reply.failure, cost: reply.cost)
                        await progress(j, state)
                    }
                }
            }
            // Slots the queue never fills (a round smaller than the slots) go ahead at once.
            pump?.pump()
            try await group.waitForAll()
        }
        guard let answers = board.complete() else { throw StopRequested() }
        var out: [EvaluationResult] = []
        for (j, job) in jobs.enumerated() {
            var ordered = answers[j].outcomes
            if scorers[j].custom != nil {
                // A custom scorer judges a whole batch at once; progress used the answer kind's own comparison.
                let items = try scorers[j].items(responses: ordered.map(\.response), examples: job.examples)
                for i in ordered.indices { ordered[i].item = items[i] }
            }
            out.append(EvaluationResult(outcomes: ordered, summary: scorers[j].summarize(ordered.map(\.item)), failures: answers[j].failures))
        }
        return out
    }
}

extension Engine {
    /// One base request behind the run's gate: the reply's text and cost, or
    /// "" and why for a malformed reply (scored as a format error); nil when a
    /// stop or a budget came before it was sent. Any other failure is thrown.
    nonisolated static func sendBase(
        _ messages: [ChatMessage], model: any LanguageModel, parameters: SamplingParameters, gate: RequestGate, order: Int, stop: StopFlag
    ) async throws -> (text: String, failure: String?, cost: AnswerCost?)? {
        try await gate.acquire(order: order)
        defer { gate.release() }
        if stop.isRaised { return nil }
        do {
            let reply = Evaluator.answer(try await model.complete(messages, parameters: parameters), parameters: parameters)
            return (reply.text, nil, reply.cost)
        } catch let error as ModelError where error.isPerRequest {
            return ("", error.message, nil)
        } catch is EvaluationStopped {
            return nil
        }
    }

    /// One request asked ahead for a race (`AheadPump`): like a request of
    /// `askBase`, but any failure other than a malformed reply leaves it to the
    /// round that needs it, which meets the failure itself.
    nonisolated static func askAhead(
        _ r: RaceLookahead.Request, model: any LanguageModel, parameters: SamplingParameters, gate: RequestGate, order: Int, stop: StopFlag
    ) async -> AskedAhead.Answer? {
        guard !stop.isRaised else { return nil }
        let messages = Evaluator.messages(task: r.task, systemPrompt: r.system, userPrompt: r.user, example: r.example)
        // `try?` also turns an endpoint failure into nil: the round asks it again.
        guard let reply = try? await sendBase(messages, model: model, parameters: parameters, gate: gate, order: order, stop: stop) else { return nil }
        let item = Scorer(task: r.task).item(response: reply.text, example: r.example)
        return AskedAhead.Answer(outcome: ExampleOutcome(index: r.index, response: reply.text, item: item, cost: reply.cost), failure: reply.failure)
    }
}

/// The requests of one `askBase` and the answers as they come in.
final class AnswerBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [(job: Int, position: Int)]
    private var head = 0
    private var outcomes: [[ExampleOutcome?]]
    private var failures: [[EvaluationFailure]]
    private var done: [Int]
    private var correct: [Int]
    private var answered = 0
    private var open = true

    init(jobs sizes: [Int], queue: [(job: Int, position: Int)]) {
        self.queue = queue
        outcomes = sizes.map { [ExampleOutcome?](repeating: nil, count: $0) }
        failures = sizes.map { _ in [] }
        done = sizes.map { _ in 0 }
        correct = sizes.map { _ in 0 }
    }

    /// The next request to send, in queue order.
    func next() -> (Int, Int)? {
        lock.withLock {
            guard head < queue.count else { return nil }
            defer { head += 1 }
            return (queue[head].job, queue[head].position)
        }
    }

    /// Records an answer; returns the job's progress.
    func answer(job j: Int, position p: Int, response: String, item: ScoredItem, failure: String?, cost: AnswerCost?) -> EvaluationProgress {
        lock.withLock {
            outcomes[j][p] = ExampleOutcome(index: p, response: response, item: item, cost: cost)
            if let failure { failures[j].append(EvaluationFailure(index: p, message: failure)) }
            done[j] += 1
            answered += 1
            if item.correct { correct[j] += 1 }
            return EvaluationProgress(done: done[j], of: outcomes[j].count, correct: correct[j])
        }
    }

    /// Requests not answered yet, sent or not; 0 once the `ask` is over.
    var unanswered: Int { lock.withLock { open ? queue.count - answered : 0 } }

    /// The answers so far, by job and position.
    func snapshot() -> [[ExampleOutcome?]] { lock.withLock { outcomes } }

    /// The `ask` is over (done, stopped or failed): nothing more will be answered.
    func close() { lock.withLock { open = false } }

    /// Whether the `ask` is still going on.
    var isOpen: Bool { lock.withLock { open } }

    /// Every job's answers, in example order, or nil when some never came (a stop).
    func complete() -> [(outcomes: [ExampleOutcome], failures: [EvaluationFailure])]? {
        lock.withLock {
            var out: [(outcomes: [ExampleOutcome], failures: [EvaluationFailure])] = []
            for (j, list) in outcomes.enumerated() {
                let got = list.compactMap { $0 }
                guard got.count == list.count else { return nil }
                out.append((got, failures[j].sorted { $0.index < $1.index }))
            }
            return out
        }
    }
}

/// The examples of one node asked so far, by index into the split.
struct NodeOutcomes: Sendable {
    var items: [Int: ExampleOutcome] = [:]
    var correct = 0

    mutating func add(_ o: ExampleOutcome) {
        if let old = items[o.index], old.item.correct { correct -= 1 }
        items[o.index] = o
        if o.item.correct { correct += 1 }
    }
}
