import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// Issue 18: guards reject broken rewrites before any base call and retry them.
struct GuardTests {
    /// First attempt of every system rewrite repeats itself and every first user
    /// rewrite drops its answer format; the second attempts are fine.
    static let sloppyFirst: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
        let attempt = index % 10
        switch role {
        case .systemWriter where attempt == 1:
            return "<improved_system_prompt>Be careful with every detail you see. Be careful with every detail you see.</improved_system_prompt>"
        case .userWriter where attempt == 1:
            return "<improved_instruction_prompt>Go step by step.<Question>{question}</Question> Reply with the item.</improved_instruction_prompt>"
        default: return EngineTests.improving(role, parent, index)
        }
    }

    func run(guards: Bool?) async throws -> (MemorySink, ScriptedModel) {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 1, system: 1, user: 1, topK: 1, strategy: .exhaustive)
        cfg.guards = guards
        cfg.accept = "tie"  // every rewrite scores; this test is about what reaches scoring
        let model = ScriptedModel(prompts: EngineTests.prompts, writer: Self.sloppyFirst)
        let sink = MemorySink()
        let setup = EngineSetup(
            config: cfg, sourceTasks: [ScriptedModel.task("a", train: 8, test: 4)], unseenTasks: [], base: model, optimizer: model,
            prompts: EngineTests.prompts, runID: "guard-run")
        _ = try await Engine(setup: setup, sink: sink, resumeFrom: []).run()
        return (sink, model)
    }

    @Test func brokenRewritesAreRejectedAndRetriedWithoutBaseCalls() async throws {
        let (on, onModel) = try await run(guards: true)
        let rejected = on.events.compactMap { if case .candidateRejected(let r) = $0 { r } else { nil } }
        #expect(rejected.map(\.rule) == [.answerFormat, .repetition])
        #expect(rejected.allSatisfy { $0.attempt == 1 })
        let created = on.events.compactMap { if case .candidateCreated(let c) = $0, c.origin == .rewrite { c } else { nil } }
        #expect(created.count == 2)
        #expect(created.allSatisfy { !$0.text.contains("Be careful with every detail you see. Be careful") && ($0.kind == .system || $0.text.contains("<answer>")) })

        // Off (a session from before guards): the broken first attempts become candidates.
        let (off, offModel) = try await run(guards: nil)
        #expect(off.events.allSatisfy { if case .candidateRejected = $0 { false } else { true } })
        // Rejections cost optimizer calls, never base calls: the same candidate count, the same base calls.
        #expect(onModel.count(.base) == offModel.count(.base))
        #expect(onModel.optimizerCalls == offModel.optimizerCalls + 2)
    }
}

/// Issue 19, defect 10: when every rewrite of a step is rejected, one warning says so.
struct AllRejectedTests {
    @Test func oneWarningWhenEveryRewriteIsRejected() async throws {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 1, system: 2, user: 1, topK: 1, strategy: .exhaustive)
        cfg.accept = "tie"
        cfg.guards = true
        cfg.stopAtAnswer = false  // a session this version started
        let writer: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
            role == .systemWriter ? "no tags at all" : EngineTests.improving(role, parent, index)
        }
        let model = ScriptedModel(prompts: EngineTests.prompts, writer: writer)
        let sink = MemorySink()
        let setup = EngineSetup(
            config: cfg, sourceTasks: [ScriptedModel.task("a", train: 8, test: 4)], unseenTasks: [], base: model, optimizer: model,
            prompts: EngineTests.prompts, runID: "all-rejected")
        _ = try await Engine(setup: setup, sink: sink, resumeFrom: []).run()
        let warnings = sink.events.compactMap { if case .warning(let m) = $0 { m } else { nil } }
        #expect(warnings.filter { $0.contains("rewrite") }.count == 1)
        #expect(warnings.contains("all 6 system rewrites of S1 rejected (last: reply had no <improved_system_prompt> tag); no new system prompt from the optimizer this iteration"), "\(warnings)")
    }
}
