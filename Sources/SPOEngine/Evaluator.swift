import Foundation
public import SPOCore
public import SPOModelInterface

/// How far an evaluation has got.
public struct EvaluationProgress: Sendable, Hashable {
    public var done: Int
    public var of: Int
    public var correct: Int

    public init(done: Int, of: Int, correct: Int) {
        self.done = done
        self.of = of
        self.correct = correct
    }
}

/// An example whose reply was unusable (a malformed body) and was scored as a
/// format error.
public struct EvaluationFailure: Sendable, Hashable {
    public var index: Int
    public var message: String

    public init(index: Int, message: String) {
        self.index = index
        self.message = message
    }
}

/// The outcomes of one evaluation, in example order, and their score.
public struct EvaluationResult: Sendable, Hashable {
    public var outcomes: [ExampleOutcome]
    public var summary: ScoreSummary
    public var failures: [EvaluationFailure]

    public init(outcomes: [ExampleOutcome], summary: ScoreSummary, failures: [EvaluationFailure] = []) {
        self.outcomes = outcomes
        self.summary = summary
        self.failures = failures
    }

    public var wrong: [ExampleOutcome] { outcomes.filter { !$0.item.correct } }
}

/// Asks the base model every example of a split under one (system, user) prompt
/// pair and scores the replies with the task's scorer.
///
/// Requests run concurrently, at most `concurrency` at a time (the client also
/// limits per endpoint; this bound keeps the number of live tasks small).
public struct Evaluator: Sendable {
    public var model: any LanguageModel
    public var parameters: SamplingParameters
    public var concurrency: Int
    /// The answer cap and stop per prompt pair, as a run asked them (nil:
    /// `parameters` as they are), so `eval` and `unseen` share the run's cache entries.
    public var budget: AnswerBudget?

    public init(model: any LanguageModel, parameters: SamplingParameters, concurrency: Int = 16, budget: AnswerBudget? = nil) {
        self.model = model
        self.parameters = parameters
        self.concurrency = max(1, concurrency)
        self.budget = budget
    }

    /// The sampling parameters of every base-model evaluation request, before
    /// the run's seed is set (the engine, `eval` and `unseen` all set it), so
    /// their requests share cache entries.
    public static func parameters(for settings: ModelSettings) -> SamplingParameters {
        SamplingParameters(temperature: settings.temperature, maxTokens: settings.maxTokens, stop: [], seed: nil, sampleIndex: 0)
    }

    /// The sampling parameters of a base request under one prompt pair, with
    /// the answer cap and stop sequence of `budget`.
    public static func parameters(for settings: ModelSettings, budget: AnswerBudget, system: String, user: String, seed: UInt64? = nil) -> SamplingParameters {
        SamplingParameters(
            temperature: settings.temperature, maxTokens: budget.maxTokens(system: system, user: user), stop: budget.stop, seed: seed, sampleIndex: 0)
    }

    /// A base reply as scored and logged, and what it cost. A reply that ended
    /// at the answer stop gets its closing tag back; one whose tokens reached
    /// the cap counts as cut.
    public static func answer(_ completion: Completion, parameters: SamplingParameters) -> (text: String, cost: AnswerCost) {
        let cut = completion.usage.completionTokens >= parameters.maxTokens
        var text = completion.text
        if !cut, parameters.stop.contains(AnswerBudget.answerStop) { text = AnswerBudget.restoringStop(text) }
        return (text, AnswerCost(tokens: completion.usage.completionTokens, seconds: completion.usage.latencySeconds, cut: cut ? 1 : 0))
    }

    /// The messages for one example: the system prompt, then the user prompt with
    /// the question filled in.
    public static func messages(task: SPOTask, systemPrompt: String, userPrompt: String?, example: Example) -> [ChatMessage] {
        [.system(systemPrompt), .user(task.render(example, userPrompt: userPrompt))]
    }

    /// Evaluates `examples` (usually a `TaskSplit` split of `task`).
    ///
    /// A reply the endpoint sent malformed (`ModelError.isPerRequest`) is scored as
    /// a format error and listed in `failures`; any other error stops the
    /// evaluation and is thrown, since every later request would fail alike.
    /// - Parameter progress: called after each example, in completion order.
    /// - Parameters:
    ///   - stop: when set and raised, no new request is started; the ones in flight
    ///     finish (their answers reach the cache) and `EvaluationStopped` is thrown.
    ///   - gate: shared by concurrent evaluations so that only as many requests as the
    ///     endpoints serve at once are really started; the rest wait here, where a
    ///     stop can still drop them.
    public func evaluate(
        task: SPOTask, systemPrompt: String, userPrompt: String? = nil, examples: [Example],
        stop: StopFlag? = nil, gate: RequestGate? = nil,
        progress: (@Sendable (EvaluationProgress) async -> Void)? = nil
    ) async throws -> EvaluationResult {
        let scorer = Scorer(task: task)
        let model = self.model
        var perPair = self.parameters
        if let budget {
            perPair.maxTokens = budget.maxTokens(system: systemPrompt, user: userPrompt ?? task.userPrompt)
            perPair.stop = budget.stop
        }
        let parameters = perPair
        var outcomes = [ExampleOutcome?](repeating: nil, count: examples.count)
        var failures: [EvaluationFailure] = []
        var done = 0
        var correct = 0

        try await withThrowingTaskGroup(of: (Int, String, String?, AnswerCost?)?.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                let messages = Self.messages(task: task, systemPrompt: systemPrompt, userPrompt: userPrompt, example: examples[index])
                group.addTask {
                    if let gate { try await gate.acquire() }
                    defer { gate?.release() }
                    if stop?.isRaised == true { return nil }
                    do {
                        let reply = Self.answer(try await model.complete(messages, parameters: parameters), parameters: parameters)
                        return (index, reply.text, nil, reply.cost)
                    } catch let error as ModelError where error.isPerRequest {
                        return (index, "", error.message, nil)
                    }
                }
            }
            while next < examples.count, next < concurrency, stop?.isRaised != true { launch() }
            while let finished = try await group.next() {
                guard let (index, response, failure, cost) = finished else { continue }
                let item = scorer.item(response: response, example: examples[index])
                outcomes[index] = ExampleOutcome(index: index, response: response, item: item, cost: cost)
                if let failure { failures.append(EvaluationFailure(index: index, message: failure)) }
                done += 1
                if item.correct { correct += 1 }
                await progress?(EvaluationProgress(done: done, of: examples.count, correct: correct))
                if next < examples.count, stop?.isRaised != true { launch() }
            }
        }
        if done < examples.count { throw EvaluationStopped() }
        var ordered = outcomes.map { $0! }
        if scorer.custom != nil {
            // A custom scorer judges the whole batch at once; progress above used
            // the answer kind's own comparison.
            let items = try scorer.items(responses: ordered.map(\.response), examples: examples)
            for i in ordered.indices { ordered[i].item = items[i] }
        }
        failures.sort { $0.index < $1.index }
        return EvaluationResult(outcomes: ordered, summary: scorer.summarize(ordered.map(\.item)), failures: failures)
    }
}

/// Raised once to ask running evaluations to stop starting requests.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    public init() {}

    public var isRaised: Bool { lock.withLock { raised } }

    public func raise() { lock.withLock { raised = true } }
}

/// An evaluation ended early because its `StopFlag` was raised.
public struct EvaluationStopped: Error, Sendable {}

/// A counting semaphore for requests; waiting is cancellable. Waiters are
/// served lowest `order` first, and in arrival order among equals, so with
/// prefix-friendly order an earlier evaluation step's requests go out before a
/// later step's (two inner loops at once would otherwise take turns at a
/// single slot and make it switch prompts on every request).
public final class RequestGate: @unchecked Sendable {
    private let lock = NSLock()
    private var free: Int
    private var waiting: [(id: UInt64, order: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    public init(permits: Int) { free = max(1, permits) }

    /// Requests waiting for a permit now.
    public var waitingCount: Int { lock.withLock { waiting.count } }

    public func acquire(order: Int = 0) async throws {
        let id: UInt64 = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let granted: Bool = lock.withLock {
                    if Task.isCancelled { return false }
                    if free > 0 {
                        free -= 1
                        return true
                    }
                    waiting.append((id, order, c))
                    return false
                }
                if granted {
                    c.resume()
                } else if Task.isCancelled, !lock.withLock({ waiting.contains { $0.id == id } }) {
                    c.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let c: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let i = waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return waiting.remove(at: i).continuation
            }
            c?.resume(throwing: CancellationError())
        }
    }

    public func release() {
        let next: CheckedContinuation<Void, any Error>? = lock.withLock {
            // The first waiter with the lowest order (the list is in arrival order).
            guard var best = waiting.indices.first else {
                free += 1
                return nil
            }
            for i in waiting.indices where waiting[i].order < waiting[best].order { best = i }
            return waiting.remove(at: best).continuation
        }
        next?.resume()
    }
}
