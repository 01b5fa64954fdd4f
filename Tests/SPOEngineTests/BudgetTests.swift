import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// Hard budgets: the run stops cleanly at the limit, stays resumable, and a
/// resume with a higher limit finishes the same run.
struct BudgetTests {
    static let prompts = EngineTests.prompts
    let tasks = [ScriptedModel.task("a"), ScriptedModel.task("b", offset: 500)]

    func config(_ budget: Budget) -> RunConfig {
        var c = RunConfig.small(inFlight: 4)
        c.base.model = "m"
        c.optimizer.model = "m"
        c.budget = budget
        return c
    }

    func run(_ cfg: RunConfig, sink: MemorySink = MemorySink(), resume: [EventRecord] = []) async throws -> (ScriptedModel, MemorySink, EngineOutcome) {
        let model = ScriptedModel(prompts: Self.prompts, writer: EngineTests.improving)
        // Metered as a real run is, so usage events carry the totals a resume reads.
        let meter = UsageMeter(prices: cfg.prices)
        let setup = EngineSetup(
            config: cfg, sourceTasks: tasks, base: MeteredModel(model, meter: meter, role: .base, priceName: "m"),
            optimizer: MeteredModel(model, meter: meter, role: .optimizer, priceName: "m"), prompts: Self.prompts, meter: meter,
            runID: "budget-test")
        let outcome = try await Engine(setup: setup, sink: sink, resumeFrom: resume).run()
        return (model, sink, outcome)
    }

    @Test func callBudgetStopsCleanlyAndAHigherOneFinishesTheSameRun() async throws {
        let (_, _, whole) = try await run(config(Budget()))
        guard case .finished(let wholeSummary) = whole else { throw SPOError("the unlimited run did not finish") }

        let (model, sink, outcome) = try await run(config(Budget(maxCalls: 100)))
        guard case .stopped(let reason) = outcome else { throw SPOError("expected a budget stop, got \(outcome)") }
        #expect(reason.hasPrefix("budget reached: calls"))
        let reached = sink.events.compactMap { if case .budgetReached(let b) = $0 { b } else { nil } }
        #expect(reached.count == 1 && reached.first?.what == "calls" && reached.first?.limit == 100)
        #expect(sink.events.last == .stopped(.init(reason: reason, resumable: true)))
        // Requests already sent finish; nothing new starts: at most the gate's
        // permits and the optimizer calls in flight beyond the limit.
        let calls = model.count(.base) + model.optimizerCalls
        #expect(calls >= 100 && calls <= 100 + 4 + 4, "made \(calls) calls")
        // The usage events carry the totals a resume starts from.
        let usage = sink.events.compactMap { if case .usage(let u) = $0 { u } else { nil } }
        #expect(usage.suffix(2).reduce(0) { $0 + $1.calls } == calls)

        // Resuming with the same limit stops again at once and writes nothing.
        let before = sink.records
        let (_, again, stillStopped) = try await run(config(Budget(maxCalls: 100)), sink: MemorySink(records: before), resume: before)
        guard case .stopped(let r2) = stillStopped else { throw SPOError("expected a budget stop again") }
        #expect(r2.hasPrefix("budget reached: calls"))
        #expect(again.records.count == before.count)

        // A higher limit: the run goes on and ends as the unlimited one did.
        let (_, resumed, finished) = try await run(config(Budget(maxCalls: 100_000)), sink: MemorySink(records: before), resume: before)
        guard case .finished(let s) = finished else { throw SPOError("the resumed run did not finish: \(finished)") }
        #expect(s.bestSystemText == wholeSummary.bestSystemText)
        let seqs = resumed.records.map(\.seq)
        #expect(seqs == Array(1...seqs.count))
    }

    @Test func costBudgetCountsPricedTokens() async throws {
        var cfg = config(Budget(maxCostUSD: 0.6))
        // The scripted model reports 10 prompt and 5 completion tokens a call: 0.015 USD at these prices.
        cfg.prices = ["M": ModelPrice(inputPerMTok: 1000, outputPerMTok: 1000)]
        let (model, sink, outcome) = try await run(cfg)
        guard case .stopped = outcome else { throw SPOError("expected a budget stop, got \(outcome)") }
        let hit = try #require(sink.events.compactMap { if case .budgetReached(let b) = $0 { b } else { nil } }.first)
        #expect(hit.what == "cost_usd" && hit.value >= 0.6)
        #expect(model.count(.base) + model.optimizerCalls <= 40 + 8)
    }

    @Test func guardReadsEarlierSessionsAndWallTime() {
        let records = [
            EventRecord(seq: 1, t: 90, event: .usage(.init(role: .base, calls: 70, promptTokens: 700, completionTokens: 70, costUSD: 0.5))),
            EventRecord(seq: 2, t: 120, event: .usage(.init(role: .optimizer, calls: 5, promptTokens: 50, completionTokens: 50, costUSD: 0.25))),
        ]
        let g = BudgetGuard(limits: Budget(maxCalls: 80), prices: [:], resumingFrom: records)
        #expect(g.totals.calls == 75 && g.totals.tokens == 870 && abs(g.totals.costUSD - 0.75) < 1e-9)
        #expect(g.totals.minutes >= 2)
        #expect(g.check() == nil)
        for _ in 0..<5 { g.record(CompletionUsage(promptTokens: 1, completionTokens: 1, latencySeconds: 0), priceName: "x") }
        g.record(CompletionUsage(promptTokens: 1, completionTokens: 1, latencySeconds: 0, cached: true), priceName: "x")
        #expect(g.check() == .init(what: "calls", limit: 80, value: 80))
        #expect(BudgetGuard(limits: Budget(maxMinutes: 1.5), prices: [:], resumingFrom: records).check()?.what == "minutes")
    }
}
