import SPOCore
import SPOEngine
import SPOModels
import Testing

@Suite struct EvaluatorTests {
    static let task: SPOTask = {
        let examples = (0..<20).map { Example(question: "What is \($0) + 1?", answers: [String($0 + 1)]) }
        return SPOTask(
            name: "add_one", domain: "test", userPrompt: "Q: {question}\nAnswer in <answer></answer>.", answerKind: .integer,
            metric: .accuracy, trainPool: examples, testPool: examples, source: .builtin)
    }()

    /// Reads the number from the question; wrong on multiples of 4, slow on odd ones.
    static func answer(_ messages: [ChatMessage]) async throws -> String {
        let user = messages.last?.content ?? ""
        let n = Int(user.split(separator: " ")[3])!
        if n % 2 == 1 { try await Task.sleep(for: .milliseconds(20)) }
        return n % 4 == 0 ? "<answer>\(n + 2)</answer>" : "I think <answer>\(n + 1)</answer>"
    }

    @Test func scoresInExampleOrderWithProgress() async throws {
        let gauge = Gauge()
        let model = ScriptedModel { messages, _, _ in
            await gauge.enter()
            defer { Task { await gauge.leave() } }
            return try await Self.answer(messages)
        }
        let progress = ProgressLog()
        let evaluator = Evaluator(model: model, parameters: greedy, concurrency: 5)
        let result = try await evaluator.evaluate(
            task: Self.task, systemPrompt: "You add.", examples: Self.task.testPool, progress: { await progress.add($0) })

        #expect(result.outcomes.map(\.index) == Array(0..<20))
        #expect(result.outcomes[3].response == "I think <answer>4</answer>")
        #expect(result.summary.n == 20)
        #expect(result.summary.correct == 15)
        #expect(abs(result.summary.score - 0.75) < 1e-12)
        #expect(result.wrong.map(\.index) == [0, 4, 8, 12, 16])
        #expect(result.failures.isEmpty)
        let seen = await progress.items
        #expect(seen.map(\.done) == Array(1...20))
        #expect(seen.last == EvaluationProgress(done: 20, of: 20, correct: 15))
        #expect(await gauge.peak <= 5)
        #expect(model.calls == 20)
    }

    @Test func buildsSystemAndRenderedUserMessages() async throws {
        let seen = MessageLog()
        let model = ScriptedModel { messages, _, _ in
            await seen.add(messages)
            return "<answer>1</answer>"
        }
        _ = try await Evaluator(model: model, parameters: greedy).evaluate(
            task: Self.task, systemPrompt: "SYS", userPrompt: "Solve: {question}", examples: [Self.task.testPool[0]])
        let messages = try #require(await seen.items.first)
        #expect(messages == [.system("SYS"), .user("Solve: What is 0 + 1?")])
    }

    @Test func malformedRepliesScoreAsFormatErrors() async throws {
        let model = ScriptedModel { messages, _, _ in
            if messages.last!.content.contains("What is 5 ") { throw ModelError(.invalidResponse, "endpoint sent a reply with no choices") }
            return try await Self.answer(messages)
        }
        let result = try await Evaluator(model: model, parameters: greedy).evaluate(task: Self.task, systemPrompt: "S", examples: Self.task.testPool)
        #expect(result.failures == [EvaluationFailure(index: 5, message: "endpoint sent a reply with no choices")])
        #expect(result.outcomes[5].item.prediction.isFormatError)
        #expect(result.summary.n == 20 && result.summary.correct == 14 && result.summary.formatErrors == 1)
    }

    @Test func otherErrorsStopTheEvaluation() async throws {
        let model = ScriptedModel { _, _, n in
            if n == 3 { throw ModelError(.rejected(status: 401), "endpoint answered 401") }
            return "<answer>1</answer>"
        }
        let error = await #expect(throws: ModelError.self) {
            try await Evaluator(model: model, parameters: greedy, concurrency: 2).evaluate(task: Self.task, systemPrompt: "S", examples: Self.task.testPool)
        }
        #expect(error?.kind == .rejected(status: 401))
        #expect(model.calls < 20)
    }

    @Test func anEmptySplitScoresNothing() async throws {
        let result = try await Evaluator(model: ScriptedModel { _, _, _ in "" }, parameters: greedy).evaluate(
            task: Self.task, systemPrompt: "S", examples: [])
        #expect(result.outcomes.isEmpty && result.summary.n == 0)
    }
}

actor ProgressLog {
    private(set) var items: [EvaluationProgress] = []
    func add(_ p: EvaluationProgress) { items.append(p) }
}

actor MessageLog {
    private(set) var items: [[ChatMessage]] = []
    func add(_ m: [ChatMessage]) { items.append(m) }
}
