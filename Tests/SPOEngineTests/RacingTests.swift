import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// `strategy: racing`: shared growing subsamples, early drops, same choices.
struct RacingTests {
    static let prompts = EngineTests.prompts

    /// System rewrites by slot: even slots write a sloppy prompt (worse), odd
    /// slots a careful one (better); user rewrites add a "step".
    static let mixed: @Sendable (ScriptedModel.Role, String, Int) -> String = { role, parent, index in
        guard role == .systemWriter else { return EngineTests.improving(role, parent, index) }
        let slot = (index / 10) % 100
        return slot % 2 == 0
            ? "<improved_system_prompt>Be sloppy (\(index)).</improved_system_prompt>"
            : "<improved_system_prompt>\(parent) Be careful (\(index)).</improved_system_prompt>"
    }

    func config(_ strategy: SearchStrategy, iterations: Int = 1, system: Int = 6) -> RunConfig {
        RunConfig.small(train: 40, iterations: iterations, system: system, inFlight: 4, strategy: strategy)
    }

    let tasks = [ScriptedModel.task("a", train: 40), ScriptedModel.task("b", train: 40, offset: 500)]

    func run(_ cfg: RunConfig, sink: MemorySink = MemorySink(), resume: [EventRecord] = []) async throws -> (ScriptedModel, MemorySink, EngineOutcome) {
        let model = ScriptedModel(prompts: Self.prompts, writer: Self.mixed)
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: model, optimizer: model, prompts: Self.prompts, runID: "race-test")
        let outcome = try await Engine(setup: setup, sink: sink, resumeFrom: resume).run()
        return (model, sink, outcome)
    }

    func races(_ sink: MemorySink) -> [EngineEvent.Race] {
        sink.events.compactMap { if case .race(let r) = $0 { r } else { nil } }
    }

    func best(_ outcome: EngineOutcome) throws -> String {
        guard case .finished(let s) = outcome else { throw SPOError("run did not finish: \(outcome)") }
        return s.bestSystemText
    }

    @Test func racingDropsWorseCandidatesAndPicksWhatExhaustivePicks() async throws {
        let (full, _, fullOutcome) = try await run(config(.exhaustive))
        let (raced, sink, racedOutcome) = try await run(config(.racing))
        #expect(try best(racedOutcome) == best(fullOutcome))
        #expect(try best(racedOutcome).contains("careful"))
        #expect(raced.count(.base) < full.count(.base), "racing \(raced.count(.base)) vs exhaustive \(full.count(.base))")
        // Every sloppy system prompt was dropped before the full set, and its
        // partial score was recorded with n below the full split.
        let created = sink.events.compactMap { if case .candidateCreated(let c) = $0 { c } else { nil } }
        let sloppy = Set(created.filter { $0.kind == .system && $0.text.contains("sloppy") }.map(\.id))
        let dropped = Set(races(sink).flatMap(\.dropped))
        #expect(!sloppy.isEmpty && sloppy.isSubset(of: dropped))
        let partial = sink.events.compactMap { e -> EngineEvent.EvaluationFinished? in
            if case .evaluationFinished(let f) = e, sloppy.contains(f.node.system) { return f }
            return nil
        }
        #expect(!partial.isEmpty && partial.allSatisfy { $0.n < 40 })
        // The incumbent is compared in every outer round.
        for r in races(sink) where r.phase == .outer { #expect(r.incumbents == ["S1"] && r.scores["S1"] != nil) }
        // Exhaustive runs have no races.
        #expect(!full.baseQuestions.isEmpty)
    }

    @Test func callsMadePlusCallsSavedIsTheFullEvaluation() async throws {
        let cfg = config(.racing, iterations: 2)
        let (model, sink, _) = try await run(cfg)
        let all = races(sink)
        let saved = try #require(all.last?.saved)
        #expect(saved > 0)
        // Each race's racers are those alive or dropped in its first round.
        var full = 0
        for r in all where r.round == 1 { full += (r.alive.count + r.dropped.count) * r.of }
        let initCalls = 2 * 40, testCalls = 2 * 2 * 10
        #expect(model.count(.base) - initCalls - testCalls + saved == full)
    }

    @Test func sameConfigSameRaceAndResumeRacesTheSame() async throws {
        let cfg = config(.racing, iterations: 2)
        let (_, a, outcomeA) = try await run(cfg)
        let (_, b, _) = try await run(cfg)
        let structural = { (s: MemorySink) in s.events.filter { ReplayLog.isStructural($0) } }
        #expect(structural(a).count == structural(b).count)
        #expect(zip(structural(a), structural(b)).allSatisfy { ReplayLog.same($0, $1) })
        #expect(!races(a).isEmpty)
        // Resume from a log cut in the middle of the races: the same requests, the same run.
        let cut = Array(a.records.prefix(a.records.count * 2 / 3))
        let (_, resumed, outcomeR) = try await run(cfg, sink: MemorySink(records: cut), resume: cut)
        #expect(try best(outcomeR) == best(outcomeA))
        let (x, y) = (structural(resumed), structural(a))
        #expect(x.count == y.count)
        #expect(zip(x, y).allSatisfy { ReplayLog.same($0, $1) }, "the resumed log describes the same race")
    }

    @Test func scheduleDoublesUpToTheFullSet() {
        let p = RacePolicy.standard
        #expect(p.schedule(full: 600) == [38, 75, 150, 300, 600])
        #expect(p.schedule(full: 180) == [23, 45, 90, 180])
        #expect(p.schedule(full: 50) == [25, 50])
        #expect(p.schedule(full: 38) == [38], "halving would go below 20")
        #expect(p.schedule(full: 39) == [20, 39])
        #expect(p.schedule(full: 10) == [10])
        #expect(p.schedule(full: 0) == [])
        #expect(RacePolicy.exhaustive(full: 40) == [40])
    }

    @Test func boundDropsOnlyClearlyWorseAndHalvingKeepsTheBest() {
        let p = RacePolicy.standard
        func e(_ id: String, _ right: Int, of n: Int, role: RacePolicy.Entrant.Role = .candidate, ordinal: Int) -> RacePolicy.Entrant {
            .init(id: id, values: (0..<n).map { $0 < right ? 1 : 0 }, formatErrors: 0, ordinal: ordinal, role: role)
        }
        // 40 examples: the incumbent right on 30; "bad" on 5 is clearly worse; "close" on 27 is not.
        let entrants = [e("S1", 30, of: 40, role: .incumbent, ordinal: 0), e("bad", 5, of: 40, ordinal: 1), e("close", 27, of: 40, ordinal: 2)]
        #expect(p.drops(entrants, keep: 1, halvingFloor: nil) == ["bad"])
        // Halving: of four racers the best two stay; a pinned one always stays.
        let four = [
            e("S1", 20, of: 40, role: .incumbent, ordinal: 0), e("a", 20, of: 40, ordinal: 1), e("b", 21, of: 40, ordinal: 2),
            e("c", 22, of: 40, ordinal: 3), e("d", 19, of: 40, role: .protected, ordinal: 4),
        ]
        #expect(Set(p.drops(four, keep: 1, halvingFloor: 1)) == ["a", "b"])
        // An exact tie goes to the newer candidate.
        let tie = [e("S1", 10, of: 40, role: .incumbent, ordinal: 0), e("old", 20, of: 40, ordinal: 1), e("new", 20, of: 40, ordinal: 2)]
        #expect(RacePolicy.ranked(tie).map(\.id) == ["new", "old", "S1"])
        #expect(p.drops(tie, keep: 1, halvingFloor: 1) == ["old"])
        // Never below `keep` entrants: with two places and two entrants nobody goes.
        #expect(p.drops([e("S1", 40, of: 40, role: .incumbent, ordinal: 0), e("x", 0, of: 40, ordinal: 1)], keep: 2, halvingFloor: nil) == [])
    }

    @Test func paretoDropsOnlyWhatIsBeatenOnEveryTask() {
        let p = RacePolicy.standard
        // 40 examples, the first 20 of task "a", the next 20 of task "b".
        let tasks = Array(repeating: "a", count: 20) + Array(repeating: "b", count: 20)
        func e(_ id: String, a: Int, b: Int, role: RacePolicy.Entrant.Role = .candidate, ordinal: Int) -> RacePolicy.Entrant {
            .init(id: id, values: (0..<20).map { $0 < a ? 1 : 0 } + (0..<20).map { $0 < b ? 1 : 0 }, formatErrors: 0, ordinal: ordinal, role: role)
        }
        let front = e("S1", a: 20, b: 2, role: .incumbent, ordinal: 0)
        // Worse on the mean than S1 (0.25 against 0.55) but the best on task b: it stays.
        let specialist = e("S2", a: 0, b: 10, ordinal: 1)
        // Clearly beaten on a by S1 and on b by S2 (a different prompt per task): it goes.
        let beaten = e("S3", a: 2, b: 2, ordinal: 2)
        // Close to S1 on a: not clearly beaten there, so it stays though worse everywhere.
        let close = e("S4", a: 17, b: 1, ordinal: 3)
        let entrants = [front, specialist, beaten, close]
        #expect(p.paretoDrops(entrants, tasks: tasks) == ["S3"])
        // The mean's rule would have dropped the specialist too.
        #expect(p.drops(entrants, keep: 1, halvingFloor: nil).contains("S2"))
        // A pinned prompt and an incumbent are never dropped, however they score.
        let pinned = e("S5", a: 0, b: 0, role: .protected, ordinal: 4)
        #expect(p.paretoDrops([front, specialist, pinned], tasks: tasks) == [])
        #expect(p.paretoDrops([specialist, e("S0", a: 0, b: 0, role: .incumbent, ordinal: 0)], tasks: tasks) == [])
        // A task of the race with no example in the subsample yet: nobody is beaten there.
        #expect(p.paretoDrops(entrants, tasks: tasks, allTasks: tasks + ["c"]) == [])
        #expect(p.paretoDrops(entrants, tasks: tasks, allTasks: tasks) == ["S3"])
        // Entrants missing values (not scored on the subsample) neither drop nor are dropped.
        var partial = front
        partial.values.removeLast()
        #expect(p.paretoDrops([partial, beaten], tasks: tasks) == [])
    }
}
