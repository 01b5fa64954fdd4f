import Foundation
import SPOCore
import SPOModels
import Testing
@testable import SPOEngine

/// Asking ahead: a race round's idle slots ask the next round's examples of
/// the racers sure to survive, which changes when the race asks, never what.
struct AskAheadTests {
    /// Random races of right/wrong answers with some still to come: every racer
    /// called sure to survive stays under every way the missing answers can fall.
    @Test func sureSurvivorsStayWhateverTheMissingAnswersAre() {
        let policy = RacePolicy.standard
        var rng = SeededRandom(seed: 7, stream: "sure-survivors")
        var claimed = 0, droppedSomewhere = 0
        for _ in 0..<200 {
            let n = rng.int(in: 4...24)
            let racers = rng.int(in: 2...6)
            let incumbents = rng.int(in: 0...2)
            let keep = rng.chance(0.5) ? 1 : rng.int(in: 1...3)
            let floor: Int? = rng.chance(0.5) ? 1 : nil
            var missing: [(entrant: Int, position: Int)] = []
            var entrants: [RacePolicy.PartialEntrant] = []
            for e in 0..<(incumbents + racers) {
                let skill = rng.unit()
                var values: [Double?] = (0..<n).map { _ in rng.chance(skill) ? 1 : 0 }
                if e >= incumbents {
                    // Missing answers sit at the racers' ends, as at the tail of a round.
                    for p in (0..<n).reversed() where missing.count < 8 && rng.chance(0.15) {
                        values[p] = nil
                        missing.append((e, p))
                    }
                }
                let role: RacePolicy.Entrant.Role = e < incumbents ? .incumbent : (rng.chance(0.1) ? .protected : .candidate)
                entrants.append(.init(id: "E\(e)", values: values, formatErrors: 0, ordinal: e, role: role))
            }
            let sure = policy.sureSurvivors(entrants, keep: keep, halvingFloor: floor)
            claimed += sure.count
            // Every way the missing answers can fall (at most 2^8).
            for mask in 0..<(1 << missing.count) {
                var full = entrants.map { RacePolicy.Entrant(id: $0.id, values: $0.values.map { $0 ?? 0 }, formatErrors: 0, ordinal: $0.ordinal, role: $0.role) }
                for (bit, m) in missing.enumerated() { full[m.entrant].values[m.position] = mask & (1 << bit) != 0 ? 1 : 0 }
                let dropped = Set(policy.drops(full, keep: keep, halvingFloor: floor))
                #expect(dropped.isDisjoint(with: sure), "claimed \(sure), dropped \(dropped)")
                if !dropped.isEmpty { droppedSomewhere += 1 }
            }
        }
        // Not vacuous: racers are called sure, and races do drop.
        #expect(claimed > 200, "\(claimed) claimed")
        #expect(droppedSomewhere > 1000, "\(droppedSomewhere) completions with drops")
    }

    @Test func aPinnedRacerIsSureAndAnIncumbentNeverAsked() {
        let e = [
            RacePolicy.PartialEntrant(id: "S1", values: [1, 1, 1, 1], formatErrors: 0, ordinal: 0, role: .incumbent),
            RacePolicy.PartialEntrant(id: "pinned", values: [0, 0, nil, nil], formatErrors: 0, ordinal: 1, role: .protected),
            RacePolicy.PartialEntrant(id: "open", values: [nil, nil, nil, nil], formatErrors: 0, ordinal: 2, role: .candidate),
        ]
        #expect(RacePolicy.standard.sureSurvivors(e, keep: 1, halvingFloor: 1) == ["pinned"])
    }

    /// The same racing run with asking ahead on and off: the same base requests,
    /// each asked once, and the same events; on, some went ahead.
    @Test func askingAheadAsksWhatTheRaceAsksOnlySooner() async throws {
        var cfg = RacingTests().config(.racing, iterations: 2)
        // Seven slots: few rounds fill their last wave, so slots go idle at round ends.
        cfg.base.maxInFlight = 7
        func run(askAhead: Bool) async throws -> (model: ScriptedModel, sink: MemorySink, ahead: Int) {
            let model = ScriptedModel(prompts: RacingTests.prompts, baseDelay: 0.002, writer: RacingTests.mixed)
            var setup = EngineSetup(
                config: cfg, sourceTasks: RacingTests().tasks, base: model, optimizer: model, prompts: RacingTests.prompts, runID: "ahead")
            setup.askAhead = askAhead
            let sink = MemorySink()
            let engine = Engine(setup: setup, sink: sink)
            guard case .finished = try await engine.run() else { throw SPOError("the run did not finish") }
            return (model, sink, engine.askedAhead.startedCount)
        }
        let off = try await run(askAhead: false)
        let on = try await run(askAhead: true)
        #expect(off.ahead == 0)
        #expect(on.ahead > 0, "no request went ahead")
        #expect(Set(on.model.baseRequests).count == on.model.baseRequests.count, "a request was asked twice")
        #expect(on.model.baseRequests.sorted() == off.model.baseRequests.sorted())
        let structural = { (s: MemorySink) in s.events.filter { ReplayLog.isStructural($0) } }
        let (a, b) = (structural(on.sink), structural(off.sink))
        #expect(a.count == b.count)
        #expect(zip(a, b).allSatisfy { ReplayLog.same($0, $1) }, "asking ahead changed the run")
    }

    /// A budget that runs out in the middle of the races stops the run with
    /// nothing asked ahead still running, and a resume with a higher budget
    /// ends where the unstopped run did.
    @Test func aStopInARaceLeavesNothingRunningAndResumesTheSame() async throws {
        var cfg = RacingTests().config(.racing, iterations: 2)
        cfg.base.maxInFlight = 7
        func run(_ budget: Budget, resume: [EventRecord] = []) async throws -> (ScriptedModel, MemorySink, EngineOutcome, AskedAhead) {
            var c = cfg
            c.budget = budget
            let model = ScriptedModel(prompts: RacingTests.prompts, baseDelay: 0.002, writer: RacingTests.mixed)
            let meter = UsageMeter(prices: c.prices)
            let setup = EngineSetup(
                config: c, sourceTasks: RacingTests().tasks, base: MeteredModel(model, meter: meter, role: .base, priceName: "m"),
                optimizer: MeteredModel(model, meter: meter, role: .optimizer, priceName: "m"), prompts: RacingTests.prompts, meter: meter,
                runID: "ahead-stop")
            let sink = MemorySink(records: resume)
            let engine = Engine(setup: setup, sink: sink, resumeFrom: resume)
            let outcome = try await engine.run()
            return (model, sink, outcome, engine.askedAhead)
        }
        let (_, _, whole, _) = try await run(Budget())
        guard case .finished(let wholeSummary) = whole else { throw SPOError("the unlimited run did not finish") }
        // 400 calls: past the init and inner loop, inside the first outer race.
        let (model, sink, outcome, ahead) = try await run(Budget(maxCalls: 400))
        guard case .stopped = outcome else { throw SPOError("expected a budget stop, got \(outcome)") }
        #expect(ahead.startedCount > 0, "nothing went ahead before the stop")
        #expect(ahead.inFlight == 0)
        let made = model.count(.base)
        try await Task.sleep(for: .milliseconds(50))
        #expect(model.count(.base) == made, "a request asked ahead went out after the stop")
        let (_, _, finished, _) = try await run(Budget(maxCalls: 100_000), resume: sink.records)
        guard case .finished(let s) = finished else { throw SPOError("the resumed run did not finish: \(finished)") }
        #expect(s.bestSystemText == wholeSummary.bestSystemText)
    }
}
