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
            var order: Int
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
            evaluationCounter += 1
            jobs.append(Job(
                key: key, task: task, system: text(key.node.system), user: text(key.node.user), indices: wanted,
                examples: wanted.map { all[$0] }, order: evaluationCounter, doneBefore: have?.items.count ?? 0,
                correctBefore: have?.correct ?? 0, full: all.count))
        }

        if !jobs.isEmpty {
            // One evaluation may use every permit of the gate, so a single node
            // can keep several endpoints busy.
            let evaluator = Evaluator(model: baseModel, parameters: baseParameters, concurrency: setup.baseConcurrency)
            var raw = [EvaluationResult?](repeating: nil, count: jobs.count)
            try await withThrowingTaskGroup(of: (Int, EvaluationResult).self) { group in
                for (i, job) in jobs.enumerated() {
                    group.addTask {
                        let r = try await evaluator.evaluate(
                            task: job.task, systemPrompt: job.system, userPrompt: job.user, examples: job.examples,
                            stop: self.stopFlag, gate: self.gate, order: job.order
                        ) { p in
                            await self.reportProgress(
                                job.key, EvaluationProgress(done: job.doneBefore + p.done, of: job.full, correct: job.correctBefore + p.correct))
                        }
                        return (i, r)
                    }
                }
                do {
                    for try await (i, r) in group { raw[i] = r }
                } catch is EvaluationStopped {
                    // Let the other evaluations finish their requests in flight too
                    // (throwing out of the group now would cancel them).
                    while true {
                        do {
                            guard try await group.next() != nil else { break }
                        } catch {
                            continue
                        }
                    }
                    throw StopRequested()
                }
            }
            for (i, job) in jobs.enumerated() {
                guard let r = raw[i] else { continue }
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
