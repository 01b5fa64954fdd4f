import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// Issue 21: `selection: pareto` in the outer loop.
struct ParetoRunTests {
    /// System rewrites alternate between two directions: "careful" (better on
    /// every task) and "sloppy" (worse), so the front has something to decide.
    static let mixed: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
        if role == .systemWriter, index % 100 / 10 == 1 {
            return "<improved_system_prompt>\(parent) Be sloppy (\(index)).</improved_system_prompt>"
        }
        return EngineTests.improving(role, parent, index)
    }

    func run(selection: SelectionRule?) async throws -> (MemorySink, ScriptedModel) {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 2, system: 3, user: 1, topK: 1, inFlight: 4, strategy: .racing)
        cfg.selection = selection
        cfg.accept = "tie"
        let model = ScriptedModel(prompts: EngineTests.prompts, writer: Self.mixed)
        let sink = MemorySink()
        let setup = EngineSetup(
            config: cfg, sourceTasks: [ScriptedModel.task("a", train: 12, test: 4), ScriptedModel.task("b", train: 12, test: 4, offset: 100)],
            base: model, optimizer: model, prompts: EngineTests.prompts, runID: "pareto")
        guard case .finished = try await Engine(setup: setup, sink: sink, resumeFrom: []).run() else { throw SPOError("did not finish") }
        return (sink, model)
    }

    @Test func theFrontIsKeptAndTheBestMeanIsTheSystemPrompt() async throws {
        let (sink, _) = try await run(selection: .pareto)
        let outer = sink.events.compactMap { e -> EngineEvent.Selection? in
            if case .selection(let s) = e, s.phase == .outer { s } else { nil }
        }
        #expect(outer.count == 2)
        for s in outer {
            let front = try #require(s.population)
            #expect(!front.isEmpty && front.count <= 3)
            #expect(front.first == s.currentSystem, "the best mean leads the front and is the system prompt under tie")
        }
        // The outer loop races with the front as incumbents and drops only what is
        // beaten on every task; on 16 examples (one round) nothing is dropped.
        let races = sink.events.compactMap { if case .race(let r) = $0, r.phase == .outer { r } else { nil } }
        #expect(races.count == 2 && races.allSatisfy { $0.dropped.isEmpty && $0.n == $0.of })
        #expect(zip(races, [nil] + outer.dropLast()).allSatisfy { race, before in
            before.map { Set(race.incumbents) == Set(($0.population ?? []) + [$0.currentSystem]) } ?? (race.incumbents == ["S1"])
        })
        // Rewrites name the front member they came from as parent.
        let systems = sink.events.compactMap { if case .candidateCreated(let c) = $0, c.kind == .system, c.origin == .rewrite { c } else { nil } }
        #expect(systems.allSatisfy { $0.parent != nil })
        #expect(systems.contains { $0.text.contains("sloppy") } && systems.contains { $0.text.contains("careful") })
    }

    @Test func parentDrawsAreSeededSoARerunIsTheSameRun() async throws {
        let (a, _) = try await run(selection: .pareto)
        let (b, _) = try await run(selection: .pareto)
        let strip = { (s: MemorySink) in
            s.events.filter {
                switch $0 {
                case .runFinished, .usage, .evaluationProgress: false
                default: true
                }
            }
        }
        #expect(strip(a) == strip(b))
    }

    @Test func meanSelectionHasNoFront() async throws {
        let (sink, _) = try await run(selection: nil)
        #expect(sink.events.allSatisfy { if case .selection(let s) = $0 { s.population == nil } else { true } })
    }
}

/// A model with a real trade-off: "alpha" in the system prompt answers task
/// a's questions (items below 100), "beta" task b's (100 and up).
final class TradeOffModel: LanguageModel, @unchecked Sendable {
    let prompts: MetaPromptSet
    private let lock = NSLock()
    private(set) var mergeRequests: [String] = []
    init(prompts: MetaPromptSet) { self.prompts = prompts }
    var identity: String { "trade-off" }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let system = messages.first?.content ?? "", user = messages.last?.content ?? ""
        let usage = CompletionUsage(promptTokens: 10, completionTokens: 5, latencySeconds: 0)
        func reply(_ s: String) -> Completion { Completion(text: s, usage: usage) }
        switch system {
        case prompts.userAnalysis.system, prompts.systemAnalysis.system: return reply("<Analysis>It needs a word.</Analysis>")
        case prompts.userWriter.system:
            let parent = ScriptedModel.section(user, after: "[Current user prompt]")
            return reply("<improved_instruction_prompt>Take care (\(parameters.sampleIndex)). \(parent)</improved_instruction_prompt>")
        case prompts.systemWriter.system:
            // Slot 0 writes alpha, slot 1 beta, whatever the parent.
            let word = (parameters.sampleIndex / 10) % 100 == 0 ? "alpha" : "beta"
            return reply("<improved_system_prompt>Think in \(word) terms (\(parameters.sampleIndex)).</improved_system_prompt>")
        case prompts.systemMerge.system:
            lock.withLock { mergeRequests.append(user) }
            return reply("<improved_system_prompt>Think in alpha terms, and in beta terms.</improved_system_prompt>")
        default:
            guard let r = user.range(of: "What is item "), let n = Int(user[r.upperBound...].prefix { $0.isNumber }) else { return reply("?") }
            let right = n < 100 ? system.contains("alpha") : system.contains("beta")
            return reply(right ? "<answer>ans-\(n)</answer>" : "<answer>no</answer>")
        }
    }
}

extension ParetoRunTests {
    @Test func aMergeCombinesTwoMembersThatWinDifferentTasks() async throws {
        var cfg = RunConfig.small(train: 6, test: 4, iterations: 2, system: 2, user: 1, topK: 1, inFlight: 4, strategy: .racing)
        cfg.selection = .pareto
        cfg.merge = true
        cfg.accept = "tie"
        let model = TradeOffModel(prompts: EngineTests.prompts)
        let sink = MemorySink()
        let setup = EngineSetup(
            config: cfg, sourceTasks: [ScriptedModel.task("a", train: 6, test: 4), ScriptedModel.task("b", train: 6, test: 4, offset: 100)],
            base: model, optimizer: model, prompts: EngineTests.prompts, runID: "merge")
        guard case .finished = try await Engine(setup: setup, sink: sink, resumeFrom: []).run() else { throw SPOError("did not finish") }
        let created = sink.events.compactMap { if case .candidateCreated(let c) = $0, c.kind == .system { c } else { nil } }
        let outer = sink.events.compactMap { e -> EngineEvent.Selection? in if case .selection(let s) = e, s.phase == .outer { s } else { nil } }
        // Iteration 1: an alpha and a beta prompt, each best on one task: both in the front.
        let alpha = try #require(created.first { $0.text.contains("alpha terms (") }), beta = try #require(created.first { $0.text.contains("beta terms (") })
        #expect(Set(outer[0].population ?? []) == [alpha.id, beta.id])
        // Iteration 2: the last slot merges them; the merge wins both tasks and leads.
        let merge = try #require(created.first { $0.origin == .merge })
        #expect(Set([merge.parent, merge.secondParent].compactMap { $0 }) == [alpha.id, beta.id])
        #expect(model.mergeRequests.count == 1 && model.mergeRequests[0].contains("(best in the front)"))
        #expect(outer[1].currentSystem == merge.id && outer[1].population == [merge.id])
        // The merge took a slot's place: two system prompts per round, not three.
        #expect(created.filter { $0.origin != .initial }.count == 4)
        // A session that records a merge reads back with both parents.
        let line = try #require(sink.records.first { if case .candidateCreated(let c) = $0.event { c.origin == .merge } else { false } })
        #expect(line.jsonLine.contains("\"second_parent\":\"\(merge.secondParent!)\""))
    }
}
