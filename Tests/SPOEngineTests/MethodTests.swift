import Foundation
import SPOCore
import SPOBuiltins
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// Every method on the engine: each runs to the end against the simulated
/// model, keeps to what it may change, makes the calls docs/engine.md says, and
/// resumes to the same search.
struct MethodTests {
    static let prompts = try! MetaPromptSet.load()
    static let source = ["object_counting", "navigate"].map { BuiltinTasks.task(named: $0)! }
    static let unseen = [BuiltinTasks.task(named: "web_of_lies")!]

    func config(_ method: SearchMethod, iterations: Int = 2, user: Int = 2, system: Int = 3, topK: Int = 2) -> RunConfig {
        // Every candidate scored in full, so the call formulas hold exactly.
        RunConfig.small(iterations: iterations, system: system, user: user, topK: topK, inFlight: 8, strategy: .exhaustive, method: method)
    }

    func engine(_ cfg: RunConfig, model: any LanguageModel, tasks: [SPOTask] = Self.source, unseen: [SPOTask] = Self.unseen, sink: MemorySink, resume: [EventRecord] = [], testEachIteration: Bool = false) -> Engine {
        let setup = EngineSetup(
            config: cfg, sourceTasks: tasks, unseenTasks: unseen, base: model, optimizer: model, prompts: Self.prompts, runID: "methods",
            testEachIteration: testEachIteration)
        return Engine(setup: setup, sink: sink, resumeFrom: resume)
    }

    func simulated(malformed: Double = 0.1) -> SimulatedModel {
        SimulatedModel(tasks: Self.source + Self.unseen, settings: .init(malformedOptimizerShare: malformed), prompts: Self.prompts)
    }

    func run(_ cfg: RunConfig, model: any LanguageModel, tasks: [SPOTask] = Self.source, unseen: [SPOTask] = Self.unseen) async throws -> (RunSummary, MemorySink) {
        let sink = MemorySink()
        let outcome = try await engine(cfg, model: model, tasks: tasks, unseen: unseen, sink: sink).run()
        guard case .finished(let s) = outcome else { throw SPOError("\(cfg.method) did not finish: \(outcome)") }
        return (s, sink)
    }

    func created(_ sink: MemorySink) -> [EngineEvent.CandidateCreated] {
        sink.events.compactMap { if case .candidateCreated(let c) = $0 { c } else { nil } }
    }

    func selections(_ sink: MemorySink) -> [EngineEvent.Selection] {
        sink.events.compactMap { if case .selection(let s) = $0 { s } else { nil } }
    }

    func rejections(_ sink: MemorySink) -> [EngineEvent.CandidateRejected] {
        sink.events.compactMap { if case .candidateRejected(let r) = $0 { r } else { nil } }
    }

    func phases(_ sink: MemorySink) -> [String] {
        sink.events.compactMap { if case .phaseStarted(let p) = $0 { "\(p.iteration):\(p.phase)" } else { nil } }
    }

    /// Train scores per node, from `evaluation_finished`.
    func trainScores(_ sink: MemorySink) -> [NodeRef: Double] {
        var out: [NodeRef: Double] = [:]
        for e in sink.events { if case .evaluationFinished(let f) = e, f.split == .train { out[f.node] = f.score } }
        return out
    }

    // MARK: Every method

    @Test(arguments: SearchMethod.allCases)
    func runsToCompletionWithItsOwnPhasesAndOrigins(method: SearchMethod) async throws {
        let (s, sink) = try await run(config(method), model: simulated())
        #expect(s.method == method.rawValue)
        #expect(sink.events.contains { if case .runFinished = $0 { true } else { false } })
        let expectedPhases: [String] =
            switch method {
            case .metaspo, .metaspoAPE, .metaspoEvo: ["0:init", "1:inner", "1:outer", "2:inner", "2:outer", "2:test"]
            case .outerOnly: ["0:init"] + (1...4).map { "\($0):outer" } + ["4:test"]
            case .ape: ["0:init", "1:resample", "2:resample", "2:test"]
            case .protegi: ["0:init", "1:expand", "2:expand", "2:test"]
            case .sprig: ["0:init"] + (1...4).map { "\($0):generation" } + ["4:test"]
            }
        #expect(phases(sink) == expectedPhases)
        let origins = Set(created(sink).filter { $0.origin != .initial }.map(\.origin.rawValue))
        let allowed: Set<String> =
            switch method {
            case .metaspo, .outerOnly: ["rewrite"]
            case .metaspoAPE: ["resample", "rewrite"]
            case .metaspoEvo: ["crossover", "mutation"]
            case .ape: ["resample"]
            case .protegi: ["edit"]
            case .sprig: ["add", "rephrase", "swap", "delete"]
            }
        #expect(!origins.isEmpty && origins.isSubset(of: allowed), "\(method): \(origins)")
        // Every new user prompt keeps exactly one question slot; no system prompt has one.
        for c in created(sink) {
            let slots = c.text.components(separatedBy: "{question}").count - 1
            #expect(slots == (c.kind == .user ? 1 : 0), "\(method) \(c.id): \(c.text)")
        }
        // Test scores for every source and unseen task.
        #expect(s.tasks.count == 3 && s.tasks.allSatisfy { $0.optimizedTest != nil && $0.initialTest != nil })
    }

    @Test func outerOnlyAndSprigNeverChangeAUserPrompt() async throws {
        for method in [SearchMethod.outerOnly, .sprig] {
            let (_, sink) = try await run(config(method), model: simulated())
            #expect(created(sink).filter { $0.kind == .user }.allSatisfy { $0.origin == .initial }, "\(method)")
            for s in selections(sink) {
                for t in Self.source { #expect(s.kept[t.name]?.count == 1, "\(method) keeps only the initial user prompt") }
            }
        }
    }

    @Test func apeAndProtegiNeverChangeTheSystemPrompt() async throws {
        for method in [SearchMethod.ape, .protegi] {
            let (s, sink) = try await run(config(method, iterations: 3), model: simulated())
            #expect(created(sink).filter { $0.kind == .system }.map(\.id) == ["S1"], "\(method)")
            #expect(selections(sink).allSatisfy { $0.currentSystem == "S1" })
            #expect(s.bestSystem == "S1")
            // The user prompts do move.
            #expect(created(sink).filter { $0.kind == .user && $0.origin != .initial }.count >= 6, "\(method)")
            // Nodes are only ever scored under S1.
            #expect(trainScores(sink).keys.allSatisfy { $0.system == "S1" })
        }
    }

    @Test func apeKeepsTheQuestionSlotAndItsBeamImproves() async throws {
        let (s, sink) = try await run(config(.ape, iterations: 3), model: simulated(malformed: 0.3))
        let resampled = created(sink).filter { $0.origin == .resample }
        #expect(!resampled.isEmpty)
        #expect(resampled.allSatisfy { $0.text.components(separatedBy: "{question}").count == 2 })
        // Malformed replies were rejected (and never became prompts).
        #expect(rejections(sink).contains { $0.reason == "reply had no <prompt_variant> tag" })
        // The best train score of each task never falls (the beam keeps its best).
        for t in s.tasks where t.role == .source {
            #expect(t.trainByIteration == t.trainByIteration.sorted(), "\(t.task): \(t.trainByIteration)")
        }
    }

    @Test func sprigPopulationEvolvesAndItsBestNeverGetsWorse() async throws {
        let (s, sink) = try await run(config(.sprig, iterations: 3, system: 4), model: simulated())
        let generations = selections(sink).filter { $0.phase == .generation }
        #expect(generations.count == 6)
        let populations = generations.map { $0.population ?? [] }
        #expect(populations.allSatisfy { !$0.isEmpty && $0.count <= 4 })
        #expect(Set(populations.map { $0.joined(separator: ",") }).count > 1, "the population changes")
        #expect(populations.last != ["S1"])
        // Mean train score of each generation's best over the source tasks.
        let scores = trainScores(sink)
        func mean(_ system: String) -> Double {
            let xs = Self.source.map { t in scores[NodeRef(system: system, user: "U\(Self.source.firstIndex(of: t)! + 1)", task: t.name)]! }
            return xs.reduce(0, +) / Double(xs.count)
        }
        let best = generations.map { mean($0.currentSystem) }
        #expect(best == best.sorted(), "best per generation: \(best)")
        #expect(generations.allSatisfy { $0.currentSystem == $0.population?.first })
        // Each generation's survivors are the best of what was scored.
        for g in generations {
            let p = g.population!
            #expect(p.map(mean) == p.map(mean).sorted(by: >))
        }
        #expect(best.last! > mean("S1"), "the search found something better than the initial prompt: \(best)")
        #expect(s.bestSystem == generations.last?.currentSystem)
        // Children come from the library's edits; a rephrase asked the optimizer.
        let edits = Set(created(sink).filter { $0.kind == .system && $0.origin != .initial }.map(\.origin))
        #expect(edits.isSuperset(of: [.add, .rephrase]), "\(edits)")
    }

    // MARK: Call counts (docs/engine.md)

    @Test func callCountsMatchTheFormulas() async throws {
        // T tasks, N train, M test, U user and S system candidates, top-k, I iterations;
        // the scripted optimizer always gives a new, valid prompt.
        let (T, N, M, U, S, k, I) = (2, 20, 10, 2, 3, 2, 2)
        let tasks = [ScriptedModel.task("a"), ScriptedModel.task("b", offset: 1000)]
        func counts(_ method: SearchMethod) async throws -> (base: Int, optimizer: Int, sink: MemorySink) {
            let model = ScriptedModel(prompts: Self.prompts, writer: EngineTests.improving)
            let (_, sink) = try await run(config(method, iterations: I, user: U, system: S, topK: k), model: model, tasks: tasks, unseen: [])
            #expect(rejections(sink).isEmpty, "\(method): \(rejections(sink).map(\.reason))")
            return (model.count(.base), model.optimizerCalls, sink)
        }
        let metaspoBase = T * N + I * (T * U * N + S * T * k * N) + 2 * T * M
        // Beam sizes of the user-prompt methods: 1, then min(k, prompts scored so far).
        var beams = [1]
        while beams.count < I { beams.append(min(k, 1 + U * beams.reduce(0, +))) }
        let beamSum = beams.reduce(0, +)
        let userOnlyBase = T * N + T * U * N * beamSum + 2 * T * M

        let ape = try await counts(.ape)
        #expect(ape.base == userOnlyBase)
        #expect(ape.optimizer == T * U * beamSum)

        let protegi = try await counts(.protegi)
        #expect(protegi.base == userOnlyBase)
        #expect(protegi.optimizer == 2 * T * U * beamSum)

        let metaspoAPE = try await counts(.metaspoAPE)
        #expect(metaspoAPE.base == metaspoBase)
        #expect(metaspoAPE.optimizer == I * (T * U + 2 * S))

        let evo = try await counts(.metaspoEvo)
        #expect(evo.base == metaspoBase)
        #expect(evo.optimizer == I * (T * U + S))

        let outerOnly = try await counts(.outerOnly)
        #expect(outerOnly.base == T * N + 2 * I * S * T * N + 2 * T * M)
        #expect(outerOnly.optimizer == 2 * I * 2 * S)

        // SPRIG: G = 2I generations of S children, each scored with one user prompt per
        // task; a child that repeats an earlier prompt is dropped before it is scored.
        let sprig = try await counts(.sprig)
        let children = created(sprig.sink).filter { $0.kind == .system && $0.origin != .initial }
        let dropped = rejections(sprig.sink).count
        #expect(children.count + dropped == 2 * I * S)
        #expect(sprig.base == T * N + children.count * T * N + 2 * T * M)
        // One optimizer call per rephrase (the scripted optimizer never fails).
        let rephrasePlans = children.filter { $0.origin == .rephrase }.count
        #expect(sprig.optimizer >= rephrasePlans && sprig.optimizer <= rephrasePlans + dropped)
    }

    // MARK: Determinism, resume, commands

    @Test(arguments: [SearchMethod.ape, .protegi, .sprig, .metaspoAPE, .metaspoEvo])
    func resumedRunFindsTheSameSearch(method: SearchMethod) async throws {
        let cfg = config(method)
        let full = MemorySink()
        let outcome = try await engine(cfg, model: simulated(), sink: full).run()
        guard case .finished(let whole) = outcome else { throw SPOError("did not finish") }
        let cut = Array(full.records.prefix(full.records.count * 2 / 5))
        let resumed = MemorySink(records: cut)
        let again = try await engine(cfg, model: simulated(), sink: resumed, resume: cut).run()
        guard case .finished(let s) = again else { throw SPOError("resumed run did not finish") }
        #expect(s.bestSystemText == whole.bestSystemText)
        #expect(s.tasks.map(\.bestUser) == whole.tasks.map(\.bestUser))
        let structural = { (sink: MemorySink) in sink.events.filter { ReplayLog.isStructural($0) } }
        let (x, y) = (structural(resumed), structural(full))
        #expect(x.count == y.count)
        #expect(zip(x, y).allSatisfy { ReplayLog.same($0, $1) }, "\(method): the resumed log describes the same run")
    }

    @Test func userOnlyMethodsRefuseHandWrittenSystemPromptsAndUseUserOnes() async throws {
        let sink = MemorySink()
        let e = engine(config(.protegi, iterations: 1), model: simulated(), sink: sink)
        await e.send(.add(kind: .system, text: "Be careful.", task: nil))
        await e.send(.add(kind: .user, text: "Work through it step by step. <Question>{question}</Question> <answer></answer>", task: "navigate"))
        _ = try await e.run()
        #expect(sink.events.contains(.warning(message: "add: protegi does not search system prompts, so a hand-written one would never be used")))
        let manual = created(sink).filter { $0.origin == .manual }
        #expect(manual.map(\.kind) == [.user])
        #expect(trainScores(sink).keys.contains { $0.user == manual.first?.id })
    }

    @Test func sprigPrunedMemberLeavesThePopulation() async throws {
        let sink = MemorySink()
        let e = engine(config(.sprig, iterations: 2, system: 3), model: simulated(), sink: sink)
        let run = Task { try await e.run() }
        var target: String?
        for await record in e.events {
            // Prune the first member that survives a generation without leading it.
            if target == nil, case .selection(let s) = record.event, let p = s.population, p.count >= 2 {
                target = p[1]
                await e.send(.prune(p[1]))
            }
        }
        _ = try await run.value
        let pruned = try #require(target)
        let all = selections(sink)
        let seen = try #require(all.firstIndex { $0.population?.contains(pruned) == true })
        let after = all[(seen + 1)...]
        #expect(after.contains { $0.phase == .generation })
        #expect(after.allSatisfy { $0.population?.contains(pruned) != true })
    }

    @Test func protegiCanScoreTheTestSplitEveryIteration() async throws {
        let sink = MemorySink()
        _ = try await engine(config(.protegi, iterations: 2), model: simulated(), unseen: [], sink: sink, testEachIteration: true).run()
        let tests = sink.events.compactMap { e -> NodeRef? in if case .evaluationFinished(let f) = e, f.split == .test { f.node } else { nil } }
        // After init and each iteration, each task's best node (already-scored nodes are not asked again).
        #expect(Set(tests.map(\.task)) == Set(Self.source.map(\.name)))
        #expect(tests.count >= Self.source.count)
        let testPhases = sink.events.filter { if case .evaluationFinished(let f) = $0 { f.split == .test } else { false } }.count
        #expect(testPhases == Set(tests).count, "no node is scored on the test split twice")
    }
}
