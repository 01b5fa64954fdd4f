import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

@Suite struct ResponseCacheTests {
    @Test func defaultPathFollowsXDG() {
        #expect(ResponseCache.defaultPath(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/h"]) == "/x/cache/metaspo/responses.sqlite")
        #expect(ResponseCache.defaultPath(environment: ["HOME": "/h"]) == "/h/.cache/metaspo/responses.sqlite")
        #expect(ResponseCache.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/metaspo/responses.sqlite")
        #expect(ResponseCache.defaultPath(cacheDir: "/c", environment: ["XDG_CACHE_HOME": "/x"]) == "/c/responses.sqlite")
    }

    @Test func keyCoversEverySamplingField() {
        let base = SamplingParameters(temperature: 0, maxTokens: 64)
        let k = CacheKey.make(identity: "m", messages: userMessage, parameters: base)
        #expect(k.count == 64)
        #expect(k == CacheKey.make(identity: "m", messages: userMessage, parameters: base))
        var variants: [SamplingParameters] = []
        for change in 0..<6 {
            var p = base
            switch change {
            case 0: p.temperature = 1
            case 1: p.maxTokens = 65
            case 2: p.stop = ["x"]
            case 3: p.seed = 1
            case 4: p.sampleIndex = 1
            default: p.seed = 0
            }
            variants.append(p)
        }
        let keys = Set(variants.map { CacheKey.make(identity: "m", messages: userMessage, parameters: $0) })
        #expect(keys.count == variants.count && !keys.contains(k))
        #expect(CacheKey.make(identity: "other", messages: userMessage, parameters: base) != k)
        // Length prefixes: moving text between messages changes the key.
        #expect(
            CacheKey.make(identity: "m", messages: [.system("ab"), .user("c")], parameters: base)
                != CacheKey.make(identity: "m", messages: [.system("a"), .user("bc")], parameters: base))
        #expect(
            CacheKey.make(identity: "m", messages: [.user("a")], parameters: base)
                != CacheKey.make(identity: "m", messages: [.system("a")], parameters: base))
    }

    @Test func greedyRepeatIsAHitAndOtherSamplesAreMisses() async throws {
        let cache = try ResponseCache(path: temporaryDirectory() + "/r.sqlite")
        let inner = ScriptedModel { _, p, n in "reply \(n) for sample \(p.sampleIndex)" }
        let model = CachedModel(inner, cache: cache)

        let first = try await model.complete(userMessage, parameters: greedy)
        let again = try await model.complete(userMessage, parameters: greedy)
        #expect(inner.calls == 1)
        #expect(!first.usage.cached && again.usage.cached)
        #expect(again.text == first.text)
        #expect(again.usage.promptTokens == first.usage.promptTokens)

        var sampled = SamplingParameters(temperature: 1, maxTokens: 64, sampleIndex: 0)
        _ = try await model.complete(userMessage, parameters: sampled)
        sampled.sampleIndex = 1
        let other = try await model.complete(userMessage, parameters: sampled)
        #expect(inner.calls == 3)
        #expect(!other.usage.cached)

        let stats = try await cache.stats()
        #expect(stats.entries == 3)
        #expect(stats.hits == 1)
        #expect(stats.models == [CacheStats.ModelEntry(model: "scripted", entries: 3, hits: 1)])
        #expect(stats.bytes > 0)
    }

    @Test func answersSurviveReopening() async throws {
        let path = temporaryDirectory() + "/r.sqlite"
        let inner = ScriptedModel { _, _, _ in "stored" }
        _ = try await CachedModel(inner, cache: ResponseCache(path: path)).complete(userMessage, parameters: greedy)
        let reopened = CachedModel(inner, cache: try ResponseCache(path: path))
        #expect(try await reopened.complete(userMessage, parameters: greedy).usage.cached)
        #expect(inner.calls == 1)
    }

    @Test func errorsAreNeverCached() async throws {
        let cache = try ResponseCache(path: temporaryDirectory() + "/r.sqlite")
        let inner = ScriptedModel { _, _, n in
            if n == 1 { throw ModelError(.retriesExhausted, "endpoint down") }
            return "recovered"
        }
        let model = CachedModel(inner, cache: cache)
        await #expect(throws: ModelError.self) { try await model.complete(userMessage, parameters: greedy) }
        #expect(try await cache.stats().entries == 0)
        #expect(try await model.complete(userMessage, parameters: greedy).text == "recovered")
        #expect(inner.calls == 2)
    }

    @Test func neverStoresTheKeyOrHeaders() async throws {
        let secret = "sk-cache-SECRET-zyxwvu987654"
        let server = try await ScriptedHTTPServer.start { _ in .chat("<answer>4</answer>") }
        let dir = temporaryDirectory()
        let cache = try ResponseCache(path: dir + "/r.sqlite")
        let model = CachedModel(try makeClient(server, key: secret), cache: cache)
        for i in 0..<5 {
            _ = try await model.complete(userMessage, parameters: SamplingParameters(temperature: 1, maxTokens: 64, sampleIndex: i))
        }
        _ = try await model.complete(userMessage, parameters: SamplingParameters(temperature: 1, maxTokens: 64, sampleIndex: 0))
        await server.stop()
        #expect(server.requestCount == 5)
        var scanned = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            scanned += bytes.count
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the key")
            #expect(bytes.range(of: Data("Bearer".utf8)) == nil, "\(file) holds a header")
        }
        #expect(scanned > 0)
    }

    @Test func twoHandlesOnOneFileShareIt() async throws {
        // Two processes share the file the same way two handles do: separate
        // connections, WAL, and the busy timeout.
        let path = temporaryDirectory() + "/r.sqlite"
        let a = try ResponseCache(path: path)
        let b = try ResponseCache(path: path)
        let completion = Completion(text: "t", usage: CompletionUsage(promptTokens: 1, completionTokens: 1, latencySeconds: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<100 {
                let cache = i.isMultiple(of: 2) ? a : b
                group.addTask { try await cache.store("k\(i % 50)", model: "m", completion: completion) }
                group.addTask { _ = try await cache.lookup("k\(i % 50)") }
            }
            try await group.waitForAll()
        }
        #expect(try await a.stats().entries == 50)
        #expect(try await b.lookup("k7")?.text == "t")
    }

    @Test func clearEmptiesTheCache() async throws {
        let cache = try ResponseCache(path: temporaryDirectory() + "/r.sqlite")
        let model = CachedModel(ScriptedModel { _, _, n in "r\(n)" }, cache: cache)
        for i in 0..<10 { _ = try await model.complete([.user("q\(i)")], parameters: greedy) }
        #expect(try await cache.stats().entries == 10)
        #expect(try await cache.clear() == 10)
        #expect(try await cache.stats().entries == 0)
        #expect(try await model.complete([.user("q1")], parameters: greedy).usage.cached == false)
    }

    @Test func anUnopenableCacheSaysWhere() {
        let error = #expect(throws: SPOError.self) { try ResponseCache(path: "/dev/null/nope/r.sqlite") }
        #expect(error?.message.contains("/dev/null/nope/r.sqlite") == true)
    }
}
