import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

@Suite struct ModelFactoryTests {
    struct FakeLocal: LocalEndpoint {
        var baseURL: String
        var modelName = "qwen-1.5b"
        var modelIdentity = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
        let stops: StopCounter
        func stop() async { await stops.add() }
    }

    actor StopCounter {
        private(set) var count = 0
        func add() { count += 1 }
    }

    @Test func remoteRolesGetTheirOwnEndpointsKeysAndMeter() async throws {
        let base = try await ScriptedHTTPServer.start { _ in .chat("base", promptTokens: 100, completionTokens: 10) }
        let optimizer = try await ScriptedHTTPServer.start { request in
            request.number == 1 ? .error(429, message: "slow down", retryAfter: "0") : .chat("opt", promptTokens: 1000, completionTokens: 500)
        }
        var config = RunConfig()
        config.base = ModelSettings(baseURL: base.baseURL, model: "small", apiKeyEnv: "BASE_KEY")
        config.optimizer = ModelSettings(baseURL: optimizer.baseURL, model: "gpt-4o-mini", apiKeyEnv: "OPT_KEY", temperature: 1)
        config.prices = ["gpt-4o-mini": ModelPrice(inputPerMTok: 0.15, outputPerMTok: 0.60)]
        let warnings = WarningLog()
        let stack = try await ModelFactory.makeStack(
            config: config,
            options: .init(
                cachePath: temporaryDirectory() + "/r.sqlite", onWarning: { await warnings.add($0) }, retryBaseDelay: 0.01,
                environment: ["OPT_KEY": "sk-opt"]))
        _ = try await stack.base.complete(userMessage, parameters: greedy)
        _ = try await stack.base.complete(userMessage, parameters: greedy)
        _ = try await stack.optimizer.complete(userMessage, parameters: SamplingParameters(temperature: 1, maxTokens: 100))
        await stack.shutdown()
        await base.stop()
        await optimizer.stop()

        #expect(base.requests.first?.header("Authorization") == nil)
        #expect(optimizer.requests.last?.header("Authorization") == "Bearer sk-opt")
        let usage = await stack.meter.snapshot()
        #expect(usage.base.calls == 1 && usage.base.cacheHits == 1 && usage.base.costUSD == 0)
        #expect(usage.optimizer.calls == 1 && usage.optimizer.retries == 1)
        #expect(abs(usage.optimizer.costUSD - (1000 * 0.15 + 500 * 0.60) / 1_000_000) < 1e-12)
        let messages = await warnings.items
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("optimizer model: endpoint") == true)
        #expect(messages.first?.contains("answered 429") == true)
    }

    @Test func aRemoteEndpointNeedsAModelName() async throws {
        var config = RunConfig()
        config.base = ModelSettings(baseURL: "http://127.0.0.1:9/v1")
        config.optimizer = config.base
        let error = await #expect(throws: ModelError.self) {
            try await ModelFactory.makeStack(config: config, options: .init(cachePath: nil))
        }
        #expect(error?.message.contains("--model") == true)
    }

    /// Both roles on the embedded model; the optimizer samples, so its requests are its own.
    static var localConfig: RunConfig {
        var config = RunConfig()
        config.base = ModelSettings()
        config.optimizer = ModelSettings(temperature: 1)
        return config
    }

    @Test func localRolesShareOneServerAndKeyTheCacheOnTheWeights() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("local") }
        let (stops, starts, config) = (StopCounter(), StopCounter(), Self.localConfig)
        let cachePath = temporaryDirectory() + "/r.sqlite"
        let options = ModelFactory.Options(
            cachePath: cachePath,
            startLocal: { progress in
                progress("starting")
                await starts.add()
                return FakeLocal(baseURL: server.baseURL, stops: stops)
            })
        let stack = try await ModelFactory.makeStack(config: config, options: options)
        #expect(await starts.count == 1)
        #expect(stack.base.identity == "local:cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046")
        _ = try await stack.base.complete(userMessage, parameters: greedy)
        _ = try await stack.optimizer.complete(userMessage, parameters: greedy)
        #expect(server.requests.first?.json?["model"] as? String == "qwen-1.5b")
        await stack.shutdown()
        #expect(await stops.count == 1)
        #expect(server.requestCount == 1, "the optimizer's identical request is served from the cache")

        // A new server on another port: same weights, so the cache still answers.
        let server2 = try await ScriptedHTTPServer.start { _ in .chat("other") }
        let stack2 = try await ModelFactory.makeStack(
            config: config, options: .init(cachePath: cachePath, startLocal: { _ in FakeLocal(baseURL: server2.baseURL, stops: stops) }))
        #expect(try await stack2.base.complete(userMessage, parameters: greedy).text == "local")
        #expect(server2.requestCount == 0)
        await server.stop()
        await server2.stop()
    }

    /// With `deferLocal`, answers in the cache never start the server; the
    /// first miss starts it once for both roles, and only then is it stopped.
    @Test func aDeferredLocalServerStartsOnTheFirstCacheMiss() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("local") }
        let (stops, starts, config) = (StopCounter(), StopCounter(), Self.localConfig)
        let cachePath = temporaryDirectory() + "/r.sqlite"
        let weights = FakeLocal(baseURL: "", stops: stops).modelIdentity
        func options() -> ModelFactory.Options {
            .init(
                cachePath: cachePath,
                startLocal: { _ in
                    await starts.add()
                    try await Task.sleep(for: .milliseconds(20))
                    return FakeLocal(baseURL: server.baseURL, stops: stops)
                }, deferLocal: ("qwen-1.5b", weights))
        }
        // Fill the cache (this stack starts the server: a miss).
        let first = try await ModelFactory.makeStack(config: config, options: options())
        #expect(await starts.count == 0, "nothing asked yet")
        #expect(first.base.identity == "local:\(weights)")
        // Both roles at once: one start between them.
        async let a = first.base.complete(userMessage, parameters: greedy)
        async let b = first.optimizer.complete([.user("another question")], parameters: greedy)
        #expect(try await [a.text, b.text] == ["local", "local"])
        #expect(await starts.count == 1)
        #expect(server.requests.first?.json?["model"] as? String == "qwen-1.5b")
        await first.shutdown()
        #expect(await stops.count == 1)

        // Everything cached: no start, and nothing to stop.
        let second = try await ModelFactory.makeStack(config: config, options: options())
        #expect(try await second.base.complete(userMessage, parameters: greedy).text == "local")
        await second.shutdown()
        #expect(await starts.count == 1)
        #expect(await stops.count == 1)
        #expect(server.requestCount == 2)
        await server.stop()
    }

    @Test func noLocalStarterIsAClearError() async throws {
        let error = await #expect(throws: ModelError.self) {
            try await ModelFactory.makeStack(config: RunConfig(), options: .init(cachePath: nil))
        }
        #expect(error?.kind == .configuration)
    }
}

actor WarningLog {
    private(set) var items: [String] = []
    func add(_ s: String) { items.append(s) }
}
