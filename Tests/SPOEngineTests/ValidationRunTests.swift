import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// Issue 18: with `val_size` candidates are compared on validation while the
/// optimizer sees train failures only; `val_size` 0 is the paper's run.
struct ValidationRunTests {
    func run(valSize: Int?, accept: String = "better") async throws -> (MemorySink, ScriptedModel) {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 2, system: 2, user: 2, topK: 1, inFlight: 4, strategy: .exhaustive)
        cfg.valSize = valSize
        cfg.accept = accept
        let model = ScriptedModel(prompts: EngineTests.prompts, writer: EngineTests.improving)
        let sink = MemorySink()
        let setup = EngineSetup(
            config: cfg, sourceTasks: [ScriptedModel.task("a", train: 20, test: 4), ScriptedModel.task("b", train: 20, test: 4, offset: 100)],
            unseenTasks: [], base: model, optimizer: model, prompts: EngineTests.prompts, runID: "val-run")
        _ = try await Engine(setup: setup, sink: sink, resumeFrom: []).run()
        return (sink, model)
    }

    @Test func candidatesAreComparedOnValidationAndWrittenFromTrain() async throws {
        let (sink, _) = try await run(valSize: 6)
        let events = sink.events
        guard case .runStarted(let started)? = events.first else { Issue.record("no run_started"); return }
        #expect(started.tasks.map(\.val) == [6, 6] && started.tasks.map(\.train) == [8, 8])

        let finished = events.compactMap { if case .evaluationFinished(let f) = $0 { f } else { nil } }
        let val = finished.filter { $0.split == .val }, train = finished.filter { $0.split == .train }
        #expect(val.allSatisfy { $0.n == 6 } && train.allSatisfy { $0.n == 8 })
        // Every rewrite is scored on validation; on train only those kept (their failures feed the next step).
        let rewrites = events.compactMap { if case .candidateCreated(let c) = $0, c.origin == .rewrite { c } else { nil } }
        #expect(!rewrites.isEmpty)
        for c in rewrites {
            #expect(val.contains { c.kind == .system ? $0.node.system == c.id : $0.node.user == c.id }, "\(c.id) has no validation score")
        }
        let keptEver = Set(events.flatMap { e -> [String] in
            guard case .selection(let s) = e else { return [] }
            return s.kept.values.flatMap { $0 } + [s.currentSystem]
        })
        #expect(train.allSatisfy { keptEver.contains($0.node.user) && keptEver.contains($0.node.system) })
        #expect(rewrites.contains { !keptEver.contains($0.id) } == val.contains { !keptEver.contains($0.node.user) || !keptEver.contains($0.node.system) })

        // Analyses are made from train failures: their example indices are wrong answers on train.
        let analyses = events.compactMap { if case .analysisCreated(let a) = $0 { a } else { nil } }
        #expect(!analyses.isEmpty)
        for a in analyses where a.kind == .user {
            let wrong = Set(train.filter { $0.node.user == a.target }.flatMap { $0.wrong.map(\.i) })
            #expect(Set(a.examples).isSubset(of: wrong), "\(a.id) shows examples that are not train failures of \(a.target)")
        }
        // Decisions pair the validation questions: 6 per task for a user prompt, 12 (two tasks, top-1) for a system prompt.
        let decisions = events.flatMap { e -> [EngineEvent.Decision] in if case .selection(let s) = e { s.decisions } else { [] } }
        #expect(!decisions.isEmpty)
        #expect(decisions.allSatisfy { $0.n == ($0.task == nil ? 12 : 6) })
        // The summary reports validation beside train.
        guard case .runFinished(let f)? = events.last(where: { if case .runFinished = $0 { true } else { false } }) else { Issue.record("no run_finished"); return }
        let tasks = f.summary["tasks"]?.arrayValue ?? []
        #expect(tasks.allSatisfy { $0["val_by_iteration"]?.arrayValue?.count == 3 || $0["valByIteration"]?.arrayValue?.count == 3 })
    }

    @Test func valSizeZeroIsThePapersRun() async throws {
        let (zero, zeroModel) = try await run(valSize: 0, accept: "tie")
        let (none, noneModel) = try await run(valSize: nil, accept: "tie")
        // The same requests, the same events (progress ticks, usage and the summary's wall time aside).
        #expect(zeroModel.baseRequests.sorted() == noneModel.baseRequests.sorted())
        #expect(zeroModel.optimizerCalls == noneModel.optimizerCalls)
        let strip = { (s: MemorySink) in
            s.events.filter {
                switch $0 {
                case .runFinished, .usage, .evaluationProgress: false
                default: true
                }
            }
        }
        let same = strip(zero) == strip(none)
        #expect(same)
        #expect(zero.events.allSatisfy { if case .evaluationFinished(let f) = $0 { f.split != .val } else { true } })
    }
}

/// Issue 18: a search with no train failure left ends early and says so.
struct SaturationTests {
    func run(thisVersion: Bool) async throws -> (MemorySink, ScriptedModel, RunSummary) {
        var cfg = RunConfig.small(train: 8, test: 4, iterations: 3, system: 2, user: 2, topK: 1, inFlight: 4, strategy: .exhaustive)
        // Every answer right: two "careful" in the system prompt and three "step" in the user prompt.
        cfg.initialSystemPrompt = "Be careful. Be very careful."
        if thisVersion { cfg.stopAtAnswer = false }
        var task = ScriptedModel.task("a", train: 20, test: 4)
        task.userPrompt = "Go step by step, step after step.<Question>{question}</Question> Put it in <answer></answer>."
        let model = ScriptedModel(prompts: EngineTests.prompts, writer: EngineTests.improving)
        let sink = MemorySink()
        let setup = EngineSetup(config: cfg, sourceTasks: [task], unseenTasks: [], base: model, optimizer: model, prompts: EngineTests.prompts, runID: "sat")
        guard case .finished(let summary) = try await Engine(setup: setup, sink: sink, resumeFrom: []).run() else { throw SPOError("did not finish") }
        return (sink, model, summary)
    }

    @Test func aSaturatedSearchEndsEarlyAndCountsWhatItSaved() async throws {
        let (sink, model, summary) = try await run(thisVersion: true)
        let warnings = sink.events.compactMap { if case .warning(let m) = $0 { m } else { nil } }
        #expect(warnings.count == 1 && warnings[0].hasPrefix("saturated: the kept prompts answer all 8 train examples"))
        #expect(warnings[0].contains("ends after iteration 0 of 3"))
        #expect(model.optimizerCalls == 0)
        #expect(model.count(.base) == 8 + 4, "init and one test of the unchanged prompts")
        let early = try #require(summary.earlyEnd)
        #expect(early.afterIteration == 0 && early.of == 3)
        // Three iterations of 2 user rewrites on 8 examples and 2 system rewrites: 3 × (16 + 16) base calls.
        #expect(early.baseCallsSaved.high == 3 * (16 + 16) && early.optimizerCallsSaved.low == 3 * (2 * 2 + 2 * 2))
        #expect(summary.markdown.contains("The search ended after iteration 0 of 3"))

        // A session started before the rule goes on as it did: one warning per loop, no early end.
        let (old, oldModel, oldSummary) = try await run(thisVersion: false)
        #expect(oldSummary.earlyEnd == nil)
        #expect(old.events.filter { if case .warning(let m) = $0 { !m.hasPrefix("saturated") } else { false } }.count == 6)
        #expect(oldModel.count(.base) == model.count(.base))
    }
}
