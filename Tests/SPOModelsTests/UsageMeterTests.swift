import SPOCore
import SPOModels
import Testing

@Suite struct UsageMeterTests {
    @Test func costFollowsThePriceTable() async {
        let meter = UsageMeter(prices: ["gpt-4o-mini": ModelPrice(inputPerMTok: 0.15, outputPerMTok: 0.60)])
        await meter.recordCall(role: .optimizer, model: "gpt-4o-mini", usage: CompletionUsage(promptTokens: 1_000_000, completionTokens: 500_000, latencySeconds: 2))
        await meter.recordCall(role: .optimizer, model: "GPT-4o-mini", usage: CompletionUsage(promptTokens: 2000, completionTokens: 1000, latencySeconds: 1))
        await meter.recordCall(role: .base, model: "local-qwen", usage: CompletionUsage(promptTokens: 5000, completionTokens: 100, latencySeconds: 0.5))
        let s = await meter.snapshot()
        #expect(abs(s.optimizer.costUSD - (0.15 + 0.30 + 0.0003 + 0.0006)) < 1e-12)
        #expect(s.base.costUSD == 0, "no price means free, as for the local model")
        #expect(s.optimizer.calls == 2)
        #expect(s.optimizer.promptTokens == 1_002_000)
        #expect(s.optimizer.completionTokens == 501_000)
        #expect(s.optimizer.latencySeconds == 3)
        #expect(s.optimizer.meanLatencySeconds == 1.5)
        #expect(s.total.calls == 3)
        #expect(s[.base].totalTokens == 5100)
    }

    @Test func meteredModelCountsCallsHitsAndErrors() async throws {
        let meter = UsageMeter(prices: ["m": ModelPrice(inputPerMTok: 1, outputPerMTok: 2)])
        let cache = try ResponseCache(path: temporaryDirectory() + "/r.sqlite")
        let inner = ScriptedModel { messages, _, _ in
            if messages.last?.content == "bad" { throw ModelError(.invalidResponse, "no choices") }
            if messages.last?.content == "stop" { throw CancellationError() }
            return "ok"
        }
        let model = MeteredModel(CachedModel(inner, cache: cache), meter: meter, role: .base, priceName: "m")
        _ = try await model.complete([.user("a")], parameters: greedy)
        _ = try await model.complete([.user("a")], parameters: greedy)
        _ = try await model.complete([.user("b")], parameters: greedy)
        await #expect(throws: ModelError.self) { try await model.complete([.user("bad")], parameters: greedy) }
        await #expect(throws: CancellationError.self) { try await model.complete([.user("stop")], parameters: greedy) }
        let u = await meter.snapshot().base
        #expect(u.calls == 2)
        #expect(u.cacheHits == 1)
        #expect(u.errors == 1, "cancellation is not an error")
        #expect(u.promptTokens == 14 && u.completionTokens == 6)
        #expect(abs(u.costUSD - (14.0 * 1 + 6.0 * 2) / 1_000_000) < 1e-15)
        #expect(abs(u.cacheHitRate - 1.0 / 3.0) < 1e-12)
        #expect(await meter.snapshot().optimizer == RoleUsage())
    }
}
