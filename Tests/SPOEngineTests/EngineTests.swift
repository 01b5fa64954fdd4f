import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

struct EngineTests {
    static let prompts = try! MetaPromptSet.load()

    /// The well-behaved optimizer: user rewrites add a "step", system rewrites add "careful".
    static let improving: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
        switch role {
        case .userAnalysis, .systemAnalysis: return "<Analysis>The prompt lacks guidance (\(index)).</Analysis>"
        case .userWriter:
            return "<improved_instruction_prompt>Go step by step (\(index)). \(parent)</improved_instruction_prompt>"
        case .systemWriter: return "<improved_system_prompt>\(parent) Be careful (\(index)).</improved_system_prompt>"
        case .protegiGradient: return "<Analysis>The instruction skips steps (\(index)).</Analysis>"
        case .protegiEdit: return "<improved_instruction_prompt>Go step by step (\(index)). \(parent)</improved_instruction_prompt>"
        case .apeResample, .evoCrossover:
            // A user prompt gains a "step", a system prompt (or a component of one) a "careful".
            let child = parent.contains("{question}") ? "Go step by step (\(index)). \(parent)" : "\(parent) Be careful (\(index))."
            return "<prompt_variant>\(child)</prompt_variant>"
        case .base: return ""
        }
    }

    func config(iterations: Int = 1, user: Int = 2, system: Int = 2, topK: Int = 2) -> RunConfig {
        // The paper's full evaluation, whose call counts these tests check.
        RunConfig.small(iterations: iterations, system: system, user: user, topK: topK, inFlight: 4, strategy: .exhaustive)
    }

    func engine(_ cfg: RunConfig, model: ScriptedModel, tasks: [SPOTask], unseen: [SPOTask] = [], sink: MemorySink, resume: [EventRecord] = []) -> Engine {
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, unseenTasks: unseen, base: model, optimizer: model, prompts: Self.prompts, runID: "test-run")
        return Engine(setup: setup, sink: sink, resumeFrom: resume)
    }

    func summary(_ outcome: EngineOutcome) throws -> RunSummary {
        guard case .finished(let s) = outcome else { throw SPOError("run did not finish: \(outcome)") }
        return s
    }

    func selections(_ sink: MemorySink) -> [EngineEvent.Selection] {
        sink.events.compactMap { if case .selection(let s) = $0 { s } else { nil } }
    }

    func created(_ sink: MemorySink) -> [EngineEvent.CandidateCreated] {
        sink.events.compactMap { if case .candidateCreated(let c) = $0 { c } else { nil } }
    }

    @Test func callCountsMatchTheFormula() async throws {
        // T tasks, N train, U user and S system candidates, top-k, I iterations.
        let (T, N, U, S, k, I, testN) = (2, 20, 2, 3, 2, 2, 10)
        let model = ScriptedModel(prompts: Self.prompts, writer: Self.improving)
        let sink = MemorySink()
        let cfg = config(iterations: I, user: U, system: S, topK: k)
        let tasks = [ScriptedModel.task("a"), ScriptedModel.task("b", offset: 1000)]
        let s = try summary(try await engine(cfg, model: model, tasks: tasks, sink: sink).run())
        // Init: one node per task. Each iteration: U new nodes per task (inner) and
        // S candidates × T tasks × k kept nodes (outer). Test: initial and final node per task.
        let expectedBase = T * N + I * (T * U * N + S * T * k * N) + 2 * T * testN
        #expect(model.count(.base) == expectedBase)
        // Two optimizer calls (analysis, rewrite) per candidate.
        #expect(model.optimizerCalls == I * (T * U * 2 + S * 2))
        #expect(s.tasks.count == 2)
        #expect(s.tasks.allSatisfy { $0.trainByIteration.count == I + 1 })
    }

    @Test func innerLoopKeepsTopK() async throws {
        let model = ScriptedModel(prompts: Self.prompts, writer: Self.improving)
        let sink = MemorySink()
        _ = try await engine(config(user: 3, system: 1, topK: 2), model: model, tasks: [ScriptedModel.task("a")], sink: sink).run()
        let inner = try #require(selections(sink).first { $0.phase == .inner })
        #expect(inner.kept["a"]?.count == 2)
        // Rewrites add "step", so the initial prompt (U1) drops out of the top 2.
        #expect(inner.kept["a"]?.contains("U1") == false)
        // Kept prompts are ordered best first.
        let scores = Dictionary(uniqueKeysWithValues: sink.events.compactMap { e -> (String, Double)? in
            if case .evaluationFinished(let f) = e, f.split == .train, f.node.system == "S1" { return (f.node.user, f.score) }
            return nil
        })
        let keptScores = inner.kept["a"]!.map { scores[$0]! }
        #expect(keptScores == keptScores.sorted(by: >))
        #expect(keptScores.allSatisfy { s in scores.values.filter { $0 > s }.count < 2 })
    }

    @Test func outerLoopTakesBetterRejectsWorseAndTiesGoToTheNewer() async throws {
        // Slot 0 writes a worse prompt, slot 1 a better one, slot 2 one that ties slot 1.
        let writer: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
            guard role == .systemWriter else { return Self.improving(role, parent, index) }
            switch (index / 10) % 100 {
            case 0: return "<improved_system_prompt>Be sloppy.</improved_system_prompt>"
            case 1: return "<improved_system_prompt>Be careful.</improved_system_prompt>"
            default: return "<improved_system_prompt>Be very careful.</improved_system_prompt>"
            }
        }
        let model = ScriptedModel(prompts: Self.prompts, writer: writer)
        let sink = MemorySink()
        let s = try summary(try await engine(config(user: 1, system: 3, topK: 1), model: model, tasks: [ScriptedModel.task("a")], sink: sink).run())
        let systems = Dictionary(uniqueKeysWithValues: created(sink).filter { $0.kind == .system }.map { ($0.text, $0.id) })
        let outer = try #require(selections(sink).first { $0.phase == .outer })
        #expect(outer.currentSystem == systems["Be very careful."], "the tie goes to the newer candidate")
        #expect(s.bestSystem == systems["Be very careful."])
        #expect(outer.currentSystem != systems["Be sloppy."])
    }

    @Test func worseCandidatesLeaveTheSystemPromptAlone() async throws {
        let writer: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
            role == .systemWriter ? "<improved_system_prompt>Be sloppy (\(index)).</improved_system_prompt>" : Self.improving(role, parent, index)
        }
        let model = ScriptedModel(prompts: Self.prompts, writer: writer)
        let sink = MemorySink()
        let s = try summary(try await engine(config(user: 1, system: 2, topK: 1), model: model, tasks: [ScriptedModel.task("a")], sink: sink).run())
        #expect(s.bestSystem == "S1")
    }

    @Test func malformedRepliesAreRetriedThenSkipped() async throws {
        // The user writer never uses its tag; the system writer fails twice, then succeeds.
        let writer: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
            switch role {
            case .userWriter: return "Sure! Here is a better prompt: think harder."
            case .systemWriter: return index % 10 < 3 ? "I would say: be careful." : "<improved_system_prompt>Be careful.</improved_system_prompt>"
            default: return Self.improving(role, parent, index)
            }
        }
        let model = ScriptedModel(prompts: Self.prompts, writer: writer)
        let sink = MemorySink()
        _ = try await engine(config(user: 2, system: 1, topK: 2), model: model, tasks: [ScriptedModel.task("a")], sink: sink).run()
        let rejected = sink.events.compactMap { if case .candidateRejected(let r) = $0 { r } else { nil } }
        // 2 user slots × 3 attempts, and 2 failed system attempts.
        #expect(rejected.filter { $0.kind == .user }.count == 6)
        #expect(rejected.filter { $0.kind == .user }.allSatisfy { $0.reason == "reply had no <improved_instruction_prompt> tag" })
        #expect(rejected.filter { $0.kind == .system }.map(\.attempt) == [1, 2])
        #expect(model.count(.userWriter) == 6)
        // No user candidate came of it; the system one did.
        #expect(created(sink).filter { $0.kind == .user && $0.origin == .rewrite }.isEmpty)
        #expect(created(sink).filter { $0.kind == .system && $0.origin == .rewrite }.map(\.text) == ["Be careful."])
    }

    @Test func prunedNeverEvaluatedAndPinnedSurvives() async throws {
        let model = ScriptedModel(prompts: Self.prompts, writer: Self.improving)
        let sink = MemorySink()
        let e = engine(config(iterations: 2, user: 2, system: 1, topK: 1), model: model, tasks: [ScriptedModel.task("a")], sink: sink)
        // Paused from the first checkpoint: add a strong hand-written prompt, prune
        // it once it exists, pin the weak initial prompt, then resume.
        await e.send(.pause)
        await e.send(.add(kind: .user, text: "Step step step. <Question>{question}</Question> <answer></answer>", task: "a"))
        let run = Task { try await e.run() }
        for await record in e.events {
            if case .candidateCreated(let c) = record.event, c.origin == .manual {
                await e.send(.prune(c.id))
                await e.send(.pin("U1"))
                await e.send(.resume)
            }
        }
        _ = try await run.value
        let manual = try #require(created(sink).first { $0.origin == .manual }?.id)
        let evaluated = sink.events.compactMap { if case .evaluationFinished(let f) = $0 { f.node.user } else { nil } }
        #expect(!evaluated.contains(manual), "a pruned candidate is never evaluated")
        #expect(evaluated.contains("U1"))
        for s in selections(sink) {
            #expect(s.kept["a"]?.contains(manual) != true)
            #expect(s.kept["a"]?.contains("U1") == true, "pinned U1 is kept in \(s.phase) \(s.iteration)")
        }
        let commands = sink.events.compactMap { if case .command(let c) = $0 { "\(c.command) \(c.id ?? "")" } else { nil } }
        #expect(commands == ["pause ", "add ", "prune \(manual)", "pin U1", "resume "])
        #expect(sink.events.contains(.paused) && sink.events.contains(.resumed))
    }

    @Test func pinnedSystemBecomesCurrentAndAddedCandidatesCompete() async throws {
        let model = ScriptedModel(prompts: Self.prompts, writer: Self.improving)
        let sink = MemorySink()
        let e = engine(config(iterations: 1, user: 1, system: 1, topK: 2), model: model, tasks: [ScriptedModel.task("a")], sink: sink)
        await e.send(.add(kind: .user, text: "Go step step step. <Question>{question}</Question> <answer></answer>", task: "a"))
        await e.send(.add(kind: .system, text: "Be careful careful.", task: nil))
        let s = try summary(try await e.run())
        let manual = created(sink).filter { $0.origin == .manual }
        #expect(manual.count == 2)
        let userID = try #require(manual.first { $0.kind == .user }?.id)
        let systemID = try #require(manual.first { $0.kind == .system }?.id)
        // The hand-written user prompt (three "step"s) beats the rewrite, the system one (two "careful") wins too.
        #expect(selections(sink).first { $0.phase == .inner }?.kept["a"]?.first == userID)
        #expect(s.bestSystem == systemID)

        let sink2 = MemorySink()
        let e2 = engine(config(iterations: 1, user: 1, system: 1, topK: 1), model: model, tasks: [ScriptedModel.task("a")], sink: sink2)
        await e2.send(.add(kind: .system, text: "Be sloppy.", task: nil))
        let task = Task { try await e2.run() }
        // Pin it as soon as it exists: it becomes current and stays, although it is worse.
        for await record in e2.events {
            if case .candidateCreated(let c) = record.event, c.origin == .manual { await e2.send(.pin(c.id)) }
        }
        let s2 = try summary(try await task.value)
        let sloppy = try #require(created(sink2).first { $0.text == "Be sloppy." }?.id)
        #expect(s2.bestSystem == sloppy)
    }

    @Test func stopFinishesCallsInFlightAndEndsResumably() async throws {
        let model = ScriptedModel(prompts: Self.prompts, baseDelay: 0.01, writer: Self.improving)
        let sink = MemorySink()
        let e = engine(config(iterations: 2), model: model, tasks: [ScriptedModel.task("a"), ScriptedModel.task("b", offset: 500)], sink: sink)
        let run = Task { try await e.run() }
        var sent = false
        for await record in e.events where !sent {
            if case .evaluationProgress = record.event {
                sent = true
                await e.send(.stop)
            }
        }
        let outcome = try await run.value
        guard case .stopped = outcome else {
            Issue.record("expected a stop, got \(outcome)")
            return
        }
        let last = try #require(sink.events.last)
        #expect(last == .stopped(.init(reason: "stopped by user", resumable: true)))
        #expect(sink.events.contains(.command(.init(command: .stop, by: .user))))
        // Far fewer calls than the whole run (2 × 20 init, then 2 iterations of more).
        #expect(model.count(.base) < 80)
        #expect(!sink.events.contains { if case .runFinished = $0 { true } else { false } })
    }

    @Test func sameConfigSameEvents() async throws {
        func run() async throws -> [String] {
            let model = ScriptedModel(prompts: Self.prompts, writer: Self.improving)
            let sink = MemorySink()
            _ = try await engine(config(iterations: 2), model: model, tasks: [ScriptedModel.task("a"), ScriptedModel.task("b", offset: 500)], sink: sink).run()
            return sink.records.filter { ReplayLog.isStructural($0.event) }.map { r in
                if case .runFinished(let f) = r.event { return "finished \(f.bestSystem ?? "")" }
                var e = r
                e.t = 0
                e.seq = 0
                return e.jsonLine
            }
        }
        let a = try await run(), b = try await run()
        #expect(a.count == b.count)
        #expect(a == b, "first difference: \(zip(a, b).first { $0 != $1 }.map { "\($0.0.prefix(200)) vs \($0.1.prefix(200))" } ?? "none")")
    }

    @Test func resumeCatchesUpWithoutRewritingAndFinishesTheSame() async throws {
        let tasks = [ScriptedModel.task("a"), ScriptedModel.task("b", offset: 500)]
        let cfg = config(iterations: 2)
        let full = MemorySink()
        let fullSummary = try summary(try await engine(cfg, model: ScriptedModel(prompts: Self.prompts, writer: Self.improving), tasks: tasks, sink: full).run())
        // Cut the log in the middle, as a crash would.
        let cut = Array(full.records.prefix(full.records.count / 2))
        let resumed = MemorySink(records: cut)
        let s = try summary(try await engine(cfg, model: ScriptedModel(prompts: Self.prompts, writer: Self.improving), tasks: tasks, sink: resumed, resume: cut).run())
        #expect(s.bestSystemText == fullSummary.bestSystemText)
        let seqs = resumed.records.map(\.seq)
        #expect(seqs == Array(1...seqs.count), "seq continues without gaps or repeats")
        let structural = { (sink: MemorySink) in sink.events.filter { ReplayLog.isStructural($0) } }
        let (x, y) = (structural(resumed), structural(full))
        #expect(x.count == y.count)
        #expect(zip(x, y).allSatisfy { ReplayLog.same($0, $1) }, "the resumed log describes the same run")
        #expect(resumed.events.contains(.resumed))
    }
}
