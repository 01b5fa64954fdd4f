import Foundation
import SPOCore
import SPOBuiltins
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// The separated-vs-unified input ablation (`input_mode`).
struct InputModeTests {
    static let prompts = try! MetaPromptSet.load()

    /// Keeps every request's messages, then answers as the simulated model.
    final class Recorder: LanguageModel, @unchecked Sendable {
        let inner: SimulatedModel
        private let lock = NSLock()
        private(set) var requests: [[ChatMessage]] = []
        init(_ inner: SimulatedModel) { self.inner = inner }
        var identity: String { "recorder" }
        func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
            lock.withLock { requests.append(messages) }
            return try await inner.complete(messages, parameters: parameters)
        }
    }

    @Test func mergePutsTheSystemPromptAtTheHeadOfTheUserMessage() {
        let merged = UnifiedInputModel.merge([.system("Be careful."), .user("Q: 2+2?")])
        #expect(merged == [.user("Be careful.\n\nQ: 2+2?")])
        #expect(UnifiedInputModel.merge([.system("  "), .user("Q")]) == [.user("Q")])
        #expect(UnifiedInputModel.merge([.user("Q")]) == [.user("Q")])
        #expect(UnifiedInputModel.merge([.system("S")]) == [.user("S")])
    }

    func run(_ mode: String?) async throws -> (RunSummary, base: Recorder, optimizer: Recorder, retries: Int) {
        let tasks = ["object_counting", "navigate"].map { BuiltinTasks.task(named: $0)! }
        var cfg = RunConfig.small(train: 12, test: 8, iterations: 1, method: .metaspoEvo)
        cfg.inputMode = mode
        let base = Recorder(SimulatedModel(tasks: tasks, settings: .init(malformedOptimizerShare: 0), prompts: Self.prompts))
        let optimizer = Recorder(SimulatedModel(tasks: tasks, settings: .init(malformedOptimizerShare: 0), prompts: Self.prompts))
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: base, optimizer: optimizer, prompts: Self.prompts, runID: "input-\(mode ?? "default")")
        let sink = MemorySink()
        let outcome = try await Engine(setup: setup, sink: sink).run()
        guard case .finished(let s) = outcome else { throw SPOError("did not finish: \(outcome)") }
        // Rejected replies were retried (one call each); a copy of an existing prompt cost no extra call.
        let retries = sink.events.filter { e in
            if case .candidateRejected(let r) = e { !r.reason.hasPrefix("same text as") } else { false }
        }.count
        return (s, base, optimizer, retries)
    }

    @Test func unifiedInputSendsOneUserMessageAndChangesNothingElse() async throws {
        let unified = try await run("unified")
        let separated = try await run(nil)
        #expect(unified.0.method == "metaspo-evo (unified input)")
        #expect(separated.0.method == "metaspo-evo")
        // Every base request is one user message that starts with a system prompt the run made.
        let systems = Set([RunConfig.defaultSystemPrompt, unified.0.bestSystemText])
        #expect(!unified.base.requests.isEmpty)
        for r in unified.base.requests {
            #expect(r.count == 1 && r[0].role == .user)
        }
        #expect(unified.base.requests.contains { r in systems.contains { r[0].content.hasPrefix($0 + "\n\n") } })
        #expect(separated.base.requests.allSatisfy { $0.count == 2 && $0[0].role == .system && $0[1].role == .user })
        // The optimizer keeps its roles; the number of calls follows the same formula.
        #expect(unified.optimizer.requests.allSatisfy { $0.first?.role == .system })
        let (T, N, M, U, S, k) = (2, 12, 8, 2, 2, 2)
        for r in [unified, separated] {
            #expect(r.base.requests.count == T * N + (T * U * N + S * T * k * N) + 2 * T * M)
            #expect(r.optimizer.requests.count == T * U + S + r.retries)
        }
        // The same user message once the system prompt is taken off its head.
        let firstSeparated = separated.base.requests.first!
        #expect(unified.base.requests.contains { $0[0].content == firstSeparated[0].content + "\n\n" + firstSeparated[1].content })
    }
}
