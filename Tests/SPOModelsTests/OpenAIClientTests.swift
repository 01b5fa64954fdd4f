import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

/// The client against an in-process server that injects faults.
@Suite struct OpenAIClientTests {
    static let secret = "sk-test-SECRET-0123456789abcdef"

    @Test func sendsTheRequestAndReadsTheReply() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("<answer>4</answer>", promptTokens: 21, completionTokens: 6) }
        let client = try makeClient(server, key: Self.secret)
        let params = SamplingParameters(temperature: 0.7, maxTokens: 99, stop: ["</answer>"], seed: 1234, sampleIndex: 2)
        let completion = try await client.complete(userMessage, parameters: params)
        await server.stop()

        #expect(completion.text == "<answer>4</answer>")
        #expect(completion.usage.promptTokens == 21)
        #expect(completion.usage.completionTokens == 6)
        #expect(!completion.usage.cached)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.uri == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer \(Self.secret)")
        let json = try #require(request.json)
        #expect(json["model"] as? String == "test-model")
        #expect(json["temperature"] as? Double == 0.7)
        #expect(json["max_tokens"] as? Int == 99)
        #expect(json["stop"] as? [String] == ["</answer>"])
        #expect(json["seed"] as? Int == 1234)
        #expect(request.messages.map(\.role) == ["system", "user"])
        #expect(request.messages[1].content == userMessage[1].content)
    }

    @Test func noKeyMeansNoAuthorizationHeader() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("ok") }
        _ = try await makeClient(server).complete(userMessage, parameters: greedy)
        await server.stop()
        #expect(server.requests.first?.header("Authorization") == nil)
    }

    @Test func estimatesTokensWhenUsageIsMissing() async throws {
        let reply = String(repeating: "a", count: 40)
        let server = try await ScriptedHTTPServer.start { _ in .chat(reply, usage: false) }
        let completion = try await makeClient(server).complete([.user(String(repeating: "b", count: 80))], parameters: greedy)
        await server.stop()
        #expect(completion.usage.promptTokens == 20)
        #expect(completion.usage.completionTokens == 10)
    }

    @Test func honoursRetryAfterOn429() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            request.number == 1 ? .error(429, message: "Rate limit reached", retryAfter: "1") : .chat("fine")
        }
        let log = NoticeLog()
        let client = try makeClient(server, notices: log)
        let start = ContinuousClock.now
        let completion = try await client.complete(userMessage, parameters: greedy)
        let elapsed = ContinuousClock.now - start
        await server.stop()

        #expect(completion.text == "fine")
        #expect(server.requestCount == 2)
        #expect(elapsed >= .seconds(1), "waited \(elapsed), Retry-After said 1 s")
        let notices = await log.notices
        #expect(notices.count == 1)
        #expect(notices.first?.message.contains("answered 429") == true)
        #expect(notices.first?.message.contains("retrying in 1.") == true)
        #expect(notices.first?.delaySeconds ?? 0 >= 1)
    }

    @Test func capsAHugeRetryAfter() {
        let policy = RetryPolicy(maxRetryAfter: 60)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 86_400, unit: 0) == 60)
        #expect(RetryPolicy.parseRetryAfter(" 2 ") == 2)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT") == nil)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
    }

    @Test func backoffGrowsExponentiallyWithJitterAndCap() {
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 30)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, unit: 0) == 0.5)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, unit: 0.999_999) < 1.0001)
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, unit: 0) == 2)
        #expect(policy.delay(beforeRetry: 20, retryAfter: nil, unit: 0) == 15)
        #expect(policy.delay(beforeRetry: 20, retryAfter: nil, unit: 0.999_999) <= 30)
    }

    @Test func retries500And503ThenSucceeds() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            switch request.number {
            case 1: .error(500, message: "internal")
            case 2: .error(503, message: "overloaded")
            default: .chat("third time")
            }
        }
        let log = NoticeLog()
        let completion = try await makeClient(server, notices: log).complete(userMessage, parameters: greedy)
        await server.stop()
        #expect(completion.text == "third time")
        #expect(server.requestCount == 3)
        let reasons = await log.notices.map(\.reason)
        #expect(reasons.count == 2)
        #expect(reasons[0].contains("500"))
        #expect(reasons[1].contains("503") && reasons[1].contains("overloaded"))
        // Every attempt of one request carries the same request ID, naming this process.
        let ids = server.requests.map { $0.header(RequestID.header) }
        #expect(Set(ids).count == 1)
        #expect(ids.first.flatMap { $0.flatMap(RequestID.processID(in:)) } == ProcessInfo.processInfo.processIdentifier)
    }

    @Test func eachRequestHasItsOwnID() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("ok") }
        let client = try makeClient(server)
        for _ in 0..<3 { _ = try await client.complete(userMessage, parameters: greedy) }
        await server.stop()
        let ids = server.requests.compactMap { $0.header(RequestID.header) }
        #expect(ids.count == 3 && Set(ids).count == 3)
        #expect(RequestID.processID(in: "metaspo-12-x") == nil && RequestID.processID(in: "other-12-3") == nil)
        #expect(RequestID.processID(in: "metaspo-4242-17") == 4242)
    }

    @Test func givesUpAfterMaxRetriesWithWhatTheEndpointSaid() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .error(503, message: "model is loading") }
        let client = try makeClient(server, retry: RetryPolicy(maxRetries: 2, baseDelay: 0.01, maxDelay: 0.02))
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect(server.requestCount == 3)
        #expect(error?.kind == .retriesExhausted)
        let message = error?.message ?? ""
        #expect(message.contains("gave up after 3 attempts"))
        #expect(message.contains("503"))
        #expect(message.contains("model is loading"))
        #expect(message.contains(server.baseURL))
    }

    @Test func retriesAResponseSlowerThanTheTimeout() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            request.number == 1 ? .chat("too late", delay: 30) : .chat("in time")
        }
        let log = NoticeLog()
        let start = ContinuousClock.now
        // 3 s, far below the slow reply's 30 s: at 0.3 s a loaded CI machine
        // timed out the prompt reply too.
        let completion = try await makeClient(server, timeout: 3, notices: log).complete(userMessage, parameters: greedy)
        let elapsed = ContinuousClock.now - start
        await server.stop()
        #expect(completion.text == "in time")
        // 2, unless a machine so loaded that even the prompt reply took 3 s.
        #expect(server.requestCount >= 2)
        // Far less than the 30 s the slow reply takes: generous, so a busy machine cannot fail it.
        #expect(elapsed < .seconds(15), "the timeout must cut the slow attempt short")
        #expect(await log.notices.first?.reason.contains("timed out after 3.0 s") == true)
    }

    @Test func timesOutForGoodWithAClearError() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("never in time", delay: 1) }
        let client = try makeClient(server, timeout: 0.2, retry: RetryPolicy(maxRetries: 1, baseDelay: 0.01))
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect(error?.kind == .retriesExhausted)
        #expect(error?.message.contains("timed out") == true)
    }

    @Test func retriesACutConnection() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            switch request.number {
            case 1: .cut
            case 2: .cutMidBody
            default: .chat("after the cuts")
            }
        }
        let completion = try await makeClient(server).complete(userMessage, parameters: greedy)
        await server.stop()
        #expect(completion.text == "after the cuts")
        // 3, or more when a machine is so loaded that a reply misses the 5 s timeout.
        #expect(server.requestCount >= 3)
    }

    /// Issue 19, defect 6: nothing listening where the config points is said
    /// at once, not after ~2 minutes of backoff.
    @Test func failsAtOnceWhenNothingEverListened() async throws {
        // Take a free port, then close the server so the connection is refused.
        let server = try await ScriptedHTTPServer.start { _ in .chat("unused") }
        let url = server.baseURL
        await server.stop()
        let retries = Counter()
        let client = try OpenAIClient(
            // The request timeout above the pool's 5 s connect limit, as in real runs (120 s).
            .init(endpoints: [url], model: "m", timeoutSeconds: 30, retry: RetryPolicy(maxRetries: 6, baseDelay: 0.01)),
            onRetry: { _ in retries.add() })
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        #expect(error?.kind == .transport)
        #expect(error?.message.contains("refused the connection and has not answered once") == true, "\(error?.message ?? "")")
        #expect(retries.value == 0)
    }

    /// A server that answered and then went away is waited for, as before.
    @Test func retriesARefusalFromAServerThatAnsweredBefore() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("first") }
        let client = try OpenAIClient(
            .init(endpoints: [server.baseURL], model: "m", timeoutSeconds: 2, retry: RetryPolicy(maxRetries: 2, baseDelay: 0.01)))
        #expect(try await client.complete(userMessage, parameters: greedy).text == "first")
        await server.stop()
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        #expect(error?.kind == .retriesExhausted)
        #expect(error?.message.contains("gave up after 3 attempts") == true)
    }

    @Test func socketFailuresAreSaidPlainly() {
        // Not in NIO's words ("connection reset (error set): Connection refused (errno: 111)").
        let refused = IOError(errnoCode: ECONNREFUSED, reason: "connection reset (error set)")
        #expect(OpenAIClient.socketErrno(refused) == ECONNREFUSED)
        #expect(OpenAIClient.describeSocketError(ECONNREFUSED) == "connection refused (is the server running, and on this port?)")
        #expect(OpenAIClient.describeSocketError(ECONNRESET) == "connection reset by the server")
        #expect(OpenAIClient.describeSocketError(EACCES).hasSuffix("(errno \(EACCES))"))
        #expect(OpenAIClient.socketErrno(CancellationError()) == nil)
    }

    @Test func failsFastOn401WithTheServerMessageAndNoKey() async throws {
        let server = try await ScriptedHTTPServer.start { _ in
            .error(401, message: "Incorrect API key provided: \(Self.secret). You can find your API key at the dashboard.")
        }
        let client = try makeClient(server, key: Self.secret)
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect(server.requestCount == 1, "401 must not be retried")
        #expect(error?.kind == .rejected(status: 401))
        let message = error?.message ?? ""
        #expect(message.contains("401"))
        #expect(message.contains("Incorrect API key provided"))
        #expect(!message.contains(Self.secret))
        #expect(!String(describing: error as Any).contains(Self.secret))
        #expect(!String(reflecting: client).contains(Self.secret))
    }

    @Test func saysNoKeyWasSentWhenTheServerWantsOne() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .error(401, message: "missing bearer token") }
        let client = try OpenAIClient(
            .init(endpoints: [server.baseURL], model: "m", missingKeyHint: "environment variable OPENAI_API_KEY is not set", retry: fastRetry))
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect(error?.message.contains("no API key was sent: environment variable OPENAI_API_KEY is not set") == true)
    }

    @Test(arguments: [400, 403, 404])
    func failsFastOnOther4xx(status: Int) async throws {
        let server = try await ScriptedHTTPServer.start { _ in
            .error(status, message: status == 404 ? "The model `nope` does not exist" : "This model's maximum context length is 4096 tokens")
        }
        let error = await #expect(throws: ModelError.self) { try await makeClient(server).complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect(server.requestCount == 1)
        #expect(error?.kind == .rejected(status: status))
        #expect(error?.message.contains(String(status)) == true)
        #expect(error?.message.contains(status == 404 ? "does not exist" : "maximum context length") == true)
    }

    @Test func truncatesLongErrorMessages() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .raw(String(repeating: "<html>oops</html>\n", count: 500), status: 400, contentType: "text/html") }
        let error = await #expect(throws: ModelError.self) { try await makeClient(server).complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect((error?.message.count ?? 0) < 500)
        #expect(error?.message.contains("\n") == false)
    }

    @Test func invalidBodiesAreTypedErrorsNotCrashes() async throws {
        let bodies: [ScriptedReply] = [
            .raw("this is not json"),
            .json(["id": "x", "choices": [] as [Any]]),
            .json(["id": "x"]),
            .json(["choices": [["message": ["role": "assistant"]]]]),
            .json(["choices": [["message": ["content": 42]]]]),
            .raw(""),
        ]
        for reply in bodies {
            let server = try await ScriptedHTTPServer.start { _ in reply }
            let error = await #expect(throws: ModelError.self) { try await makeClient(server).complete(userMessage, parameters: greedy) }
            await server.stop()
            #expect(error?.kind == .invalidResponse, "body: \(reply.body)")
            #expect(error?.isPerRequest == true)
            #expect(server.requestCount == 1, "a malformed 200 is not retried")
        }
    }

    @Test func respectsTheInFlightLimit() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .chat("ok", delay: 0.1) }
        let client = try makeClient(server, maxInFlight: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { _ = try await client.complete(userMessage, parameters: greedy) } }
            try await group.waitForAll()
        }
        await server.stop()
        #expect(server.requestCount == 12)
        #expect(server.maxConcurrent == 3)
        #expect(await client.slots.peakInFlight == 3)
    }

    @Test func replicasShareTheLoad() async throws {
        let a = try await ScriptedHTTPServer.start { _ in .chat("a", delay: 0.05) }
        let b = try await ScriptedHTTPServer.start { _ in .chat("b", delay: 0.05) }
        let client = try OpenAIClient(.init(endpoints: [a.baseURL, b.baseURL + "/"], model: "m", maxInFlight: 2, retry: fastRetry))
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try await client.complete(userMessage, parameters: greedy).text } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        await a.stop()
        await b.stop()
        #expect(texts.count == 16)
        #expect(a.requestCount + b.requestCount == 16)
        #expect(a.requestCount >= 4 && b.requestCount >= 4, "a: \(a.requestCount), b: \(b.requestCount)")
        #expect(a.maxConcurrent <= 2 && b.maxConcurrent <= 2)
        #expect(client.identity == "\(a.baseURL)|m", "the primary endpoint names the model in the cache")
    }

    @Test func aRetryMayMoveToAnotherReplica() async throws {
        let down = try await ScriptedHTTPServer.start { _ in .error(503, message: "down") }
        let up = try await ScriptedHTTPServer.start { _ in .chat("up") }
        let client = try OpenAIClient(.init(endpoints: [down.baseURL, up.baseURL], model: "m", maxInFlight: 1, retry: fastRetry))
        var texts: [String] = []
        for _ in 0..<4 { texts.append(try await client.complete(userMessage, parameters: greedy).text) }
        await down.stop()
        await up.stop()
        #expect(texts == ["up", "up", "up", "up"])
    }

    @Test func aDeadReplicaDoesNotUseUpRetries() async throws {
        // A replica that cuts every connection at once, as a dying one does.
        let dead = try await ScriptedHTTPServer.start { _ in .cut }
        // Every third reply of the live replica is cut off: each request may
        // need a retry, and with two allowed they must not go to the dead one.
        let up = try await ScriptedHTTPServer.start { request in
            request.number % 3 == 2 ? .cutMidBody : .chat("up")
        }
        let log = NoticeLog()
        let client = try OpenAIClient(
            .init(
                endpoints: [dead.baseURL, up.baseURL], model: "m", maxInFlight: 2, timeoutSeconds: 20,
                retry: RetryPolicy(maxRetries: 2, baseDelay: 0.01, maxDelay: 0.05)),
            onRetry: { await log.add($0) })
        var texts: [String] = []
        for i in 0..<12 {
            do {
                texts.append(try await client.complete(userMessage, parameters: greedy).text)
            } catch {
                let notices = await log.notices.map { "\($0.endpoint == dead.baseURL ? "dead" : "up"): \($0.reason)" }
                Issue.record("request \(i): \(error)\nretries so far: \(notices.joined(separator: "; "))")
                break
            }
        }
        await up.stop()
        await dead.stop()
        #expect(texts == Array(repeating: "up", count: 12))
        // The dead one was tried first, then only when the live one had just
        // failed (and the dead one's rest had run out): never more often than
        // that, however slow the machine. Taking turns would have sent it ~12.
        let liveFailures = up.requestCount - 12
        #expect(dead.requestCount <= 1 + liveFailures, "\(dead.requestCount) requests went to the dead replica, \(liveFailures) live ones failed")
    }

    @Test func cancellationStopsWaitingAndRetrying() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .error(503, message: "busy", retryAfter: "30") }
        let client = try makeClient(server, maxInFlight: 1, retry: RetryPolicy(maxRetries: 5))
        let task = Task { try await client.complete(userMessage, parameters: greedy) }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        await server.stop()
        // Retry-After is 30 s: finishing well before it shows the wait was cut short.
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(await client.slots.currentInFlight == [0])
    }

    @Test func refusesUnusableSettings() {
        #expect(throws: ModelError.self) { try OpenAIClient(.init(endpoints: [], model: "m")) }
        #expect(throws: ModelError.self) { try OpenAIClient(.init(endpoints: ["http://127.0.0.1:1/v1"], model: "")) }
    }

    @Test func hidesCredentialsInEndpointURLs() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .error(404, message: "no such route") }
        let url = server.baseURL.replacingOccurrences(of: "http://", with: "http://user:pa55word@")
        let client = try OpenAIClient(.init(endpoints: [url], model: "m", retry: fastRetry))
        let error = await #expect(throws: ModelError.self) { try await client.complete(userMessage, parameters: greedy) }
        await server.stop()
        #expect(error?.message.contains("pa55word") == false)
    }
}

/// Issue 19, defect 6: retry warnings per endpoint and attempt, not per request.
struct RetryWarningGateTests {
    @Test func oneWarningPerEndpointAndAttempt() async {
        let gate = RetryWarningGate(window: .seconds(30))
        let t0 = ContinuousClock.now
        func notice(_ endpoint: String, _ attempt: Int) -> RetryNotice {
            RetryNotice(endpoint: endpoint, reason: "answered 503", attempt: attempt, maxAttempts: 7, delaySeconds: 1)
        }
        var admitted = 0
        for _ in 0..<18 {
            if await gate.admits(notice("http://a/v1", 1), role: "base", now: t0) { admitted += 1 }
        }
        #expect(admitted == 1, "eighteen requests in flight, one line")
        #expect(await gate.admits(notice("http://a/v1", 2), role: "base", now: t0), "the next attempt shows its count")
        #expect(await gate.admits(notice("http://b/v1", 1), role: "base", now: t0), "another endpoint")
        #expect(await gate.admits(notice("http://a/v1", 1), role: "optimizer", now: t0), "the other role")
        let other = RetryNotice(endpoint: "http://a/v1", reason: "answered 429", attempt: 1, maxAttempts: 7, delaySeconds: 1)
        #expect(await gate.admits(other, role: "base", now: t0), "another failure")
        #expect(await gate.admits(notice("http://a/v1", 1), role: "base", now: t0 + .seconds(31)), "a later outage warns again")
    }
}

/// A thread-safe count for callbacks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}
