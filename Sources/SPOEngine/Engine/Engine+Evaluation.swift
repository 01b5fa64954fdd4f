import Foundation
import SPOCore
import SPOModels

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
        return nodes.compactMap { results[ResultKey(node: $0, split: split)] }
    }

    /// Asks every requested example that was not asked before, all requests
    /// concurrently, then records the answers in request order: each node whose
    /// split is now complete gets its `NodeResult` and `evaluation_finished`.
    /// Pruned nodes are skipped.
    func evaluate(_ requests: [EvaluationRequest]) async throws {
        struct Job: Sendable {
            var key: ResultKey
            var task: SPOTask
            var system: String
            var user: String
            var indices: [Int]
            var examples: [Example]
            var doneBefore: Int
            var correctBefore: Int
            var full: Int
        }
        // One entry per node, in the order first asked; the same node twice asks each example once.
        var touched: [ResultKey] = []
        var wantedByKey: [ResultKey: [Int]?] = [:]
        for r in requests {
            let key = ResultKey(node: r.node, split: r.split)
            if results[key] != nil { continue }
            if candidates[r.node.system]?.pruned == true || candidates[r.node.user]?.pruned == true { continue }
            guard splits[r.node.task] != nil, tasksByName[r.node.task] != nil else { continue }
            if let earlier = wantedByKey[key] {
                if let e = earlier, let more = r.indices { wantedByKey[key] = e + more.filter { !e.contains($0) } } else { wantedByKey[key] = .some(nil) }
            } else {
                touched.append(key)
                wantedByKey[key] = .some(r.indices)
            }
        }
        var jobs: [Job] = []
        for key in touched {
            let task = tasksByName[key.node.task]!
            let all = splits[key.node.task]!.examples(key.split)
            let have = outcomes[key]
            let wanted = (wantedByKey[key]! ?? Array(all.indices)).filter { all.indices.contains($0) && have?.items[$0] == nil }
            guard !wanted.isEmpty else { continue }
            jobs.append(Job(
                key: key, task: task, system: text(key.node.system), user: text(key.node.user), indices: wanted,
                examples: wanted.map { all[$0] }, doneBefore: have?.items.count ?? 0,
                correctBefore: have?.correct ?? 0, full: all.count))
        }

        if !jobs.isEmpty {
            let asked = jobs
            let answers = try await ask(asked.map { ($0.task, $0.system, $0.user, $0.examples) }) { job, p in
                let j = asked[job]
                await self.reportProgress(j.key, EvaluationProgress(done: j.doneBefore + p.done, of: j.full, correct: j.correctBefore + p.correct))
            }
            for (i, job) in jobs.enumerated() {
                let r = answers[i]
                var got = outcomes[job.key] ?? NodeOutcomes()
                for o in r.outcomes {
                    var o = o
                    o.index = job.indices[o.index]
                    got.add(o)
                }
                outcomes[job.key] = got
                for f in r.failures {
                    try emit(.warning(message: "\(job.key.node) example \(job.indices[f.index]): \(f.message); scored as a format error"))
                }
            }
        }

        for key in touched where results[key] == nil {
            guard let got = outcomes[key], let taskSplit = splits[key.node.task], let task = tasksByName[key.node.task] else { continue }
            let all = taskSplit.examples(key.split)
            guard got.items.count == all.count else { continue }
            let nr = nodeResult(key, got, task: task, examples: all)
            results[key] = nr
            try emit(.evaluationFinished(.init(
                node: key.node, split: key.split.rawValue, score: nr.score, n: nr.summary.n, wrong: nr.wrong,
                low: nr.summary.low, high: nr.summary.high, correct: nr.summary.correct)))
        }
    }

    /// The result of the examples of `key` asked so far (all of them for a full result).
    func nodeResult(_ key: ResultKey, _ got: NodeOutcomes, task: SPOTask, examples: [Example]) -> NodeResult {
        let ordered = got.items.keys.sorted().map { got.items[$0]! }
        let summary = Scorer(task: task).summarize(ordered.map(\.item))
        let wrong = ordered.filter { !$0.item.correct }.map { o in
            EngineEvent.WrongExample(i: o.index, response: o.response, prediction: o.item.prediction.label, gold: examples[o.index].answers.joined(separator: " | "))
        }
        return NodeResult(node: key.node, split: key.split, summary: summary, wrong: wrong)
    }

    /// Records the partial score of a node a race dropped: `evaluation_finished`
    /// with `n` below the split's size. The node stays incomplete (no `NodeResult`),
    /// so a later full evaluation (a pin, say) asks only what is missing.
    func reportDropped(_ key: ResultKey) throws {
        guard results[key] == nil, let got = outcomes[key], !got.items.isEmpty,
            let taskSplit = splits[key.node.task], let task = tasksByName[key.node.task]
        else { return }
        let nr = nodeResult(key, got, task: task, examples: taskSplit.examples(key.split))
        try emit(.evaluationFinished(.init(
            node: key.node, split: key.split.rawValue, score: nr.score, n: nr.summary.n, wrong: nr.wrong,
            low: nr.summary.low, high: nr.summary.high, correct: nr.summary.correct)))
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
    func ask(
        _ jobs: [(task: SPOTask, system: String, user: String, examples: [Example])],
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
        // Steps that ask at the same time (the inner loops of several tasks)
        // share the gate; in prefix order the one that asked first goes first.
        askCount += 1
        let order = config.prefixOrder ?? true ? askCount : 0
        let scorers = jobs.map { Scorer(task: $0.task) }
        let model = baseModel, parameters = baseParameters, gate = self.gate, stop = stopFlag
        let messages: @Sendable (Int, Int) -> [ChatMessage] = { j, p in
            Evaluator.messages(task: jobs[j].task, systemPrompt: jobs[j].system, userPrompt: jobs[j].user, example: jobs[j].examples[p])
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(setup.baseConcurrency, queue.count) {
                group.addTask {
                    while stop.isRaised == false, let (j, p) = board.next() {
                        try await gate.acquire(order: order)
                        defer { gate.release() }
                        if stop.isRaised { return }
                        let reply: (String, String?)
                        do {
                            reply = (try await model.complete(messages(j, p), parameters: parameters).text, nil)
                        } catch let error as ModelError where error.isPerRequest {
                            reply = ("", error.message)
                        } catch is EvaluationStopped {
                            return  // a budget ran out before this request was sent
                        }
                        let item = scorers[j].item(response: reply.0, example: jobs[j].examples[p])
                        let state = board.answer(job: j, position: p, response: reply.0, item: item, failure: reply.1)
                        await progress(j, state)
                    }
                }
            }
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

/// The requests of one `ask` and the answers as they come in.
final class AnswerBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [(job: Int, position: Int)]
    private var head = 0
    private var outcomes: [[ExampleOutcome?]]
    private var failures: [[EvaluationFailure]]
    private var done: [Int]
    private var correct: [Int]

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
    func answer(job j: Int, position p: Int, response: String, item: ScoredItem, failure: String?) -> EvaluationProgress {
        lock.withLock {
            outcomes[j][p] = ExampleOutcome(index: p, response: response, item: item)
            if let failure { failures[j].append(EvaluationFailure(index: p, message: failure)) }
            done[j] += 1
            if item.correct { correct[j] += 1 }
            return EvaluationProgress(done: done[j], of: outcomes[j].count, correct: correct[j])
        }
    }

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
