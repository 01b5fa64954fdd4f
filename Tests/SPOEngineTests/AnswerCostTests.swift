import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// What base answers cost: caps and stop sent, tokens and cuts recorded, ties
/// broken by cost when asked.
struct AnswerCostTests {
    static let prompts = EngineTests.prompts

    /// Answers every question right but every fourth (whatever the prompts, so
    /// candidates tie); each answer costs 5 tokens, plus 40 per
    /// "verbose" in the system prompt, never more than the request's cap.
    /// Records each base request's parameters.
    final class CostModel: LanguageModel, @unchecked Sendable {
        let scripted: ScriptedModel
        private let lock = NSLock()
        private var seen: [(system: String, user: String, parameters: SamplingParameters)] = []
        init(writer: @escaping @Sendable (ScriptedModel.Role, String, Int) -> String) {
            scripted = ScriptedModel(prompts: AnswerCostTests.prompts, writer: writer)
        }
        var identity: String { "cost" }
        var baseRequests: [(system: String, user: String, parameters: SamplingParameters)] { lock.withLock { seen } }

        func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
            let system = messages.first?.content ?? "", user = messages.last?.content ?? ""
            let reply = try await scripted.complete(messages, parameters: parameters)
            // Base requests are the greedy ones (optimizer prompts quote questions too).
            guard parameters.temperature == 0, user.contains("What is item ") else { return reply }
            lock.withLock { seen.append((system, user, parameters)) }
            let n = Int(user[user.range(of: "What is item ")!.upperBound...].prefix { $0.isNumber })!
            let tokens = min(parameters.maxTokens, 5 + 40 * ScriptedModel.occurrences("verbose", system))
            // Stopped at the answer: the server leaves "</answer>" out.
            let answer = n % 4 == 0 ? n + 1 : n
            let text = parameters.stop.contains("</answer>") ? "<answer>ans-\(answer)" : "<answer>ans-\(answer)</answer>"
            return Completion(text: tokens < parameters.maxTokens ? text : "Let me think at length", usage: CompletionUsage(promptTokens: 10, completionTokens: tokens, latencySeconds: 0.01))
        }
    }

    /// A task whose prompt asks for the answer alone.
    static var bareTask: SPOTask {
        var t = ScriptedModel.task("a", train: 8, test: 4)
        t.userPrompt = "Answer with only the item.<Question>{question}</Question> Put it in <answer></answer>."
        return t
    }

    func run(_ cfg: RunConfig, model: CostModel) async throws -> MemorySink {
        let sink = MemorySink()
        let setup = EngineSetup(
            config: cfg, sourceTasks: [Self.bareTask], unseenTasks: [], base: model, optimizer: model,
            prompts: Self.prompts, runID: "cost-run")
        _ = try await Engine(setup: setup, sink: sink, resumeFrom: []).run()
        return sink
    }

    func finished(_ sink: MemorySink) -> [EngineEvent.EvaluationFinished] {
        sink.events.compactMap { if case .evaluationFinished(let f) = $0 { f } else { nil } }
    }

    @Test func capsAndStopFollowTheBudgetAndCostsAreRecorded() async throws {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 1, system: 1, user: 1, topK: 1, strategy: .exhaustive)
        cfg.applyProductDefaults()
        cfg.stopAtAnswer = true
        let model = CostModel(writer: EngineTests.improving)
        let sink = try await run(cfg, model: model)
        // The task's prompt asks for no reasoning: the short cap (64), until a rewrite adds "step by step".
        for r in model.baseRequests {
            #expect(r.parameters.stop == ["</answer>"])
            let reasons = AnswerBudget.asksForReasoning(r.system) || AnswerBudget.asksForReasoning(r.user)
            #expect(r.parameters.maxTokens == (reasons ? 512 : 64), "\(r.user)")
            #expect(AnswerBudget.asksForBareAnswer(r.user))
        }
        #expect(model.baseRequests.contains { $0.parameters.maxTokens == 64 })
        #expect(model.baseRequests.contains { $0.parameters.maxTokens == 512 })
        let all = finished(sink)
        #expect(!all.isEmpty)
        for f in all {
            #expect(f.answerTokens == 5 && f.cut == 0)
            #expect(f.score == 0.75, "the stopped replies got their closing tag back and read as written")
            #expect(f.wrong.allSatisfy { $0.prediction != nil && $0.response.hasSuffix("</answer>") })
        }
        // The summary lists each candidate's cost.
        let summary = try #require(sink.events.compactMap { if case .runFinished(let r) = $0 { r } else { nil } }.first)
        let costs = try #require(summary.summary["answerCosts"]?.arrayValue)
        #expect(costs.count >= 2)
    }

    @Test func oldSessionsKeepTheirRequests() async throws {
        // No answer-cost keys (a session from before them): the paper's requests.
        let cfg = RunConfig.small(train: 8, test: 4, iterations: 1, system: 1, user: 1, topK: 1, strategy: .exhaustive)
        let model = CostModel(writer: EngineTests.improving)
        _ = try await run(cfg, model: model)
        #expect(model.baseRequests.allSatisfy { $0.parameters.stop.isEmpty && $0.parameters.maxTokens == 512 })
    }

    @Test func repliesCutAtTheCapAreCounted() async throws {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 1, system: 1, user: 1, topK: 1, strategy: .exhaustive)
        cfg.applyProductDefaults()
        cfg.initialSystemPrompt = "Be verbose, very verbose, verbose always, verbose."  // 165 tokens > 64
        let sink = try await run(cfg, model: CostModel(writer: EngineTests.improving))
        let initial = try #require(finished(sink).first { $0.node.system == "S1" && $0.node.user == "U1" && $0.split == .train })
        #expect(initial.cut == 8 && initial.answerTokens == 64 && initial.score == 0)
    }

    @Test func tieBreakCheaperPrefersShorterAnswers() async throws {
        // Both system rewrites answer everything right; the first makes answers long.
        let writer: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
            switch role {
            case .systemWriter:
                // Slot 0 (sample index …0x) writes a brief prompt, slot 1 (…1x) a verbose one.
                return index / 10 % 10 == 0
                    ? "<improved_system_prompt>\(parent) Be brief.</improved_system_prompt>"
                    : "<improved_system_prompt>\(parent) Be verbose.</improved_system_prompt>"
            default: return EngineTests.improving(role, parent, index)
            }
        }
        func chosen(_ rule: String?) async throws -> (String, [String: String]) {
            var cfg = RunConfig.small(train: 8, test: 4, iterations: 1, system: 2, user: 1, topK: 1, strategy: .exhaustive)
            cfg.applyProductDefaults()
            cfg.tieBreak = rule
            cfg.accept = "tie"  // tie_break orders exact ties under the paper's rule
            let sink = try await run(cfg, model: CostModel(writer: writer))
            let outer = try #require(sink.events.compactMap { if case .selection(let s) = $0, s.phase == .outer { s } else { nil } }.last)
            let texts = Dictionary(uniqueKeysWithValues: sink.events.compactMap { e -> (String, String)? in
                if case .candidateCreated(let c) = e, c.kind == .system { return (c.id, c.text) }
                return nil
            })
            return (outer.currentSystem, texts)
        }
        let (newer, texts) = try await chosen(nil)
        let (cheaper, _) = try await chosen("cheaper")
        let verbose = try #require(texts.first { $0.value.contains("verbose") }?.key)
        let brief = try #require(texts.first { $0.value.contains("brief") }?.key)
        // Every prompt scores the same: `newer` takes the last rewrite (the
        // verbose one), `cheaper` the brief one (as cheap as the initial, and newer).
        #expect(verbose == "S3" && brief == "S2")
        #expect(newer == verbose)
        #expect(cheaper == brief)
    }
}
