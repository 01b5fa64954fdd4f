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

    func run(selection: String?) async throws -> (MemorySink, ScriptedModel) {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 2, system: 3, user: 1, topK: 1, inFlight: 4, strategy: "racing")
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
        let (sink, _) = try await run(selection: "pareto")
        let outer = sink.events.compactMap { e -> EngineEvent.Selection? in
            if case .selection(let s) = e, s.phase == "outer" { s } else { nil }
        }
        #expect(outer.count == 2)
        for s in outer {
            let front = try #require(s.population)
            #expect(!front.isEmpty && front.count <= 3)
            #expect(front.first == s.currentSystem, "the best mean leads the front and is the system prompt under tie")
        }
        // No race drops in the outer loop: every system rewrite is scored in full.
        let races = sink.events.compactMap { if case .race(let r) = $0, r.phase == "outer" { r } else { nil } }
        #expect(races.isEmpty)
        // Rewrites name the front member they came from as parent.
        let systems = sink.events.compactMap { if case .candidateCreated(let c) = $0, c.kind == .system, c.origin == "rewrite" { c } else { nil } }
        #expect(systems.allSatisfy { $0.parent != nil })
        #expect(systems.contains { $0.text.contains("sloppy") } && systems.contains { $0.text.contains("careful") })
    }

    @Test func parentDrawsAreSeededSoARerunIsTheSameRun() async throws {
        let (a, _) = try await run(selection: "pareto")
        let (b, _) = try await run(selection: "pareto")
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
