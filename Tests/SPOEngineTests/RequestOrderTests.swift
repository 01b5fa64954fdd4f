import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// Prefix-friendly order: one prompt pair's requests go out together.
struct RequestOrderTests {
    /// Records each base request's prompt pair: the system message and the user
    /// message up to the question.
    final class Recorder: LanguageModel, @unchecked Sendable {
        let inner: ScriptedModel
        private let lock = NSLock()
        private var pairs: [String] = []

        init(_ inner: ScriptedModel) { self.inner = inner }

        var identity: String { inner.identity }
        var baseRequests: [String] { lock.withLock { pairs } }

        func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
            // Base requests only (temperature 0): the optimizer's analyses quote
            // examples too.
            let user = messages.last?.content ?? ""
            if parameters.temperature == 0, let r = user.range(of: "What is item") {
                let pair = (messages.first?.content ?? "") + "|" + user[..<r.lowerBound]
                lock.withLock { pairs.append(pair) }
            }
            return try await inner.complete(messages, parameters: parameters)
        }
    }

    /// How often consecutive base requests switch prompt pairs, and how many pairs there were.
    func switches(prefixOrder: Bool) async throws -> (switches: Int, pairs: Int) {
        // One request at a time: the order requests are sent in is the order they arrive.
        var cfg = RunConfig.small(train: 12, test: 4, iterations: 1, inFlight: 1, strategy: .exhaustive)
        cfg.prefixOrder = prefixOrder
        let model = Recorder(ScriptedModel(prompts: EngineTests.prompts, writer: EngineTests.improving))
        let tasks = [ScriptedModel.task("a", train: 12, test: 4), ScriptedModel.task("b", train: 12, test: 4, offset: 500)]
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: model, optimizer: model, prompts: EngineTests.prompts, runID: "order")
        _ = try await Engine(setup: setup, sink: MemorySink()).run()
        let seq = model.baseRequests
        let changes = zip(seq, seq.dropFirst()).filter { $0 != $1 }.count
        return (changes, Set(seq).count)
    }

    @Test func eachPromptPairsRequestsGoOutTogether() async throws {
        let ordered = try await switches(prefixOrder: true)
        // Every evaluation's requests in one run: one switch per new evaluation at most.
        #expect(ordered.switches < ordered.pairs + 8, "\(ordered.switches) switches over \(ordered.pairs) prompt pairs")
        let arrival = try await switches(prefixOrder: false)
        #expect(arrival.switches > 3 * ordered.switches, "arrival order: \(arrival.switches) switches, prefix order: \(ordered.switches)")
    }
}
