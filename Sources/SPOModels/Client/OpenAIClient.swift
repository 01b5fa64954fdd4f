public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOHTTP1
import SPOCore

/// A `LanguageModel` that speaks the OpenAI-compatible `/chat/completions` API
/// (OpenAI, vLLM, Ollama, llama.cpp's server, LM Studio, gateways).
///
/// Requests in flight are limited per endpoint; replicas in `endpoints` share the
/// load. 429, 408, 5xx, timeouts and connection errors are retried with backoff
/// and jitter, honouring `Retry-After`; other 4xx fail at once with the server's
/// message. No error text ever contains the API key.
public final class OpenAIClient: LanguageModel {
    public struct Configuration: Sendable {
        /// Base URLs such as `http://127.0.0.1:8000/v1`; the first is the primary.
        public var endpoints: [String]
        /// The `model` field sent to the server.
        public var model: String
        /// What the cache keys on instead of `endpoint|model`: the local model's
        /// GGUF sha256, so a server on a new port still finds its old answers.
        public var identity: String?
        public var apiKey: APIKey?
        /// Said after a 401/403 when no key was sent, e.g. `environment variable OPENAI_API_KEY is not set`.
        public var missingKeyHint: String?
        public var maxInFlight: Int
        /// Whole-attempt timeout: connect, send, wait and read the body.
        public var timeoutSeconds: Double
        public var retry: RetryPolicy
        /// Largest reply body accepted.
        public var maxResponseBytes: Int

        public init(
            endpoints: [String], model: String, identity: String? = nil, apiKey: APIKey? = nil,
            missingKeyHint: String? = nil, maxInFlight: Int = 8, timeoutSeconds: Double = 120,
            retry: RetryPolicy = RetryPolicy(), maxResponseBytes: Int = 32 << 20
        ) {
            self.endpoints = endpoints
            self.model = model
            self.identity = identity
            self.apiKey = apiKey
            self.missingKeyHint = missingKeyHint
            self.maxInFlight = maxInFlight
            self.timeoutSeconds = timeoutSeconds
            self.retry = retry
            self.maxResponseBytes = maxResponseBytes
        }
    }

    public let configuration: Configuration
    public let identity: String
    /// The slots behind the per-endpoint limit (exposed for stats and benchmarks).
    public let slots: SlotPool
    private let endpointURLs: [String]
    private let displayEndpoints: [String]
    private let http: HTTPClient
    private let onRetry: (@Sendable (RetryNotice) async -> Void)?

    /// - Parameter onRetry: awaited before each retry's wait, so a meter or event
    ///   log sees the retry before it happens.
    public init(
        _ configuration: Configuration, httpClient: HTTPClient = HTTPTransport.shared,
        onRetry: (@Sendable (RetryNotice) async -> Void)? = nil
    ) throws {
        guard !configuration.endpoints.isEmpty else {
            throw ModelError(.configuration, "no endpoint configured")
        }
        guard !configuration.model.isEmpty else {
            throw ModelError(.configuration, "no model name configured for \(Self.display(configuration.endpoints[0]))")
        }
        self.configuration = configuration
        let bases = configuration.endpoints.map { Self.normalize($0) }
        endpointURLs = bases.map { $0 + "/chat/completions" }
        displayEndpoints = bases.map { Self.display($0) }
        identity = configuration.identity ?? "\(displayEndpoints[0])|\(configuration.model)"
        slots = SlotPool(capacities: Array(repeating: max(1, configuration.maxInFlight), count: bases.count))
        http = httpClient
        self.onRetry = onRetry
    }

    public func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let body = try ChatWire.encoder.encode(ChatWire.Request(model: configuration.model, messages: messages, parameters: parameters))
        let promptChars = messages.reduce(0) { $0 + $1.content.count }
        let requestID = RequestID.next()
        let maxAttempts = configuration.retry.maxRetries + 1
        var attempt = 1
        var failedEndpoint: Int?
        while true {
            try Task.checkCancellation()
            let endpoint = try await slots.acquire(avoiding: failedEndpoint)
            let outcome: AttemptOutcome
            do {
                outcome = try await self.attempt(endpoint: endpoint, body: body, requestID: requestID, promptChars: promptChars)
                if case .retryable(_, _, let reachable, let refused) = outcome {
                    await slots.report(endpoint, reachable: reachable, refused: refused)
                } else {
                    await slots.report(endpoint, reachable: true)
                }
                await slots.release(endpoint)
            } catch {
                if !(error is CancellationError) { await slots.report(endpoint, reachable: true) }
                await slots.release(endpoint)
                throw error
            }
            switch outcome {
            case .success(let completion):
                return completion
            case .retryable(let failure, let retryAfter, _, let refused):
                // A refusal from endpoints that never answered ends the call at
                // once instead of ~2 minutes of backoff (issue 19); a server that
                // answered before and went away is retried as usual.
                if refused, await slots.nothingListens {
                    let where_ = displayEndpoints.count == 1 ? "endpoint \(displayEndpoints[0])" : "endpoints \(displayEndpoints.joined(separator: ", "))"
                    throw ModelError(.transport, "\(where_) refused the connection and has not answered once (is the server running, and on this port?)")
                }
                guard attempt < maxAttempts else {
                    throw ModelError(
                        .retriesExhausted,
                        "gave up after \(maxAttempts) attempt\(maxAttempts == 1 ? "" : "s"): endpoint \(displayEndpoints[endpoint]) \(failure)")
                }
                let delay = configuration.retry.delay(beforeRetry: attempt, retryAfter: retryAfter)
                await onRetry?(
                    RetryNotice(endpoint: displayEndpoints[endpoint], reason: failure, attempt: attempt, maxAttempts: maxAttempts, delaySeconds: delay))
                // The slot is free while we wait: a waiting request is not in flight.
                try await Task.sleep(for: .seconds(delay))
                attempt += 1
                failedEndpoint = endpoint
            }
        }
    }

    private enum AttemptOutcome: Sendable {
        case success(Completion)
        /// A failure worth retrying, described for a person (`answered 503: …`);
        /// `reachable` is false when no HTTP reply came at all, `refused` when
        /// the connection was refused outright (nothing listening).
        case retryable(String, retryAfter: Double?, reachable: Bool, refused: Bool = false)
    }

    /// One HTTP exchange. Returns retryable failures; throws the final ones.
    private func attempt(endpoint: Int, body: Data, requestID: String, promptChars: Int) async throws -> AttemptOutcome {
        var draft = HTTPClientRequest(url: endpointURLs[endpoint])
        draft.method = .POST
        draft.headers.add(name: "Content-Type", value: "application/json")
        draft.headers.add(name: "Accept", value: "application/json")
        draft.headers.add(name: "User-Agent", value: "metaspo")
        draft.headers.add(name: RequestID.header, value: requestID)
        if let key = configuration.apiKey {
            draft.headers.add(name: "Authorization", value: "Bearer \(key.value)")
        }
        draft.body = .bytes(ByteBuffer(bytes: body))

        let request = draft
        let timeout = configuration.timeoutSeconds
        let limit = configuration.maxResponseBytes
        let http = self.http
        let started = ContinuousClock.now
        let reply: (status: Int, reason: String, retryAfter: String?, body: Data)?
        do {
            reply = try await Self.withTimeout(seconds: timeout) {
                let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                let buffer = try await response.body.collect(upTo: limit)
                return (
                    Int(response.status.code), response.status.reasonPhrase, response.headers.first(name: "retry-after"),
                    Data(buffer.readableBytesView)
                )
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return try classifyTransport(error, endpoint: endpoint)
        }
        guard let reply else {
            return .retryable("timed out after \(ScoreSummary.fixed(timeout, 1)) s", retryAfter: nil, reachable: false)
        }
        let latency = Self.seconds(ContinuousClock.now - started)

        switch reply.status {
        case 200..<300:
            return .success(try decode(reply.body, endpoint: endpoint, promptChars: promptChars, latency: latency))
        case let status where RetryPolicy.isRetryable(status: status):
            let message = redact(Self.truncate(ChatWire.errorMessage(from: reply.body)))
            let said = message.isEmpty ? "" : ": \(message)"
            return .retryable("answered \(status) \(reply.reason)\(said)", retryAfter: RetryPolicy.parseRetryAfter(reply.retryAfter), reachable: true)
        default:
            let message = redact(Self.truncate(ChatWire.errorMessage(from: reply.body)))
            var text = "endpoint \(displayEndpoints[endpoint]) answered \(reply.status) \(reply.reason)"
            if !message.isEmpty { text += ": \(message)" }
            if (reply.status == 401 || reply.status == 403), configuration.apiKey == nil, let hint = configuration.missingKeyHint {
                text += " (no API key was sent: \(hint))"
            }
            throw ModelError(.rejected(status: reply.status), text)
        }
    }

    /// Sorts a transport error into retry (timeouts, refused or cut connections)
    /// or fail (a URL that can never work). Only fixed descriptions are used:
    /// some error values carry header values, and a header carries the key.
    private func classifyTransport(_ error: any Error, endpoint: Int) throws -> AttemptOutcome {
        if let error = error as? HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath:
                throw ModelError(.transport, "endpoint \(displayEndpoints[endpoint]) is not a usable URL (\(error.shortDescription))")
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout:
                return .retryable("timed out after \(ScoreSummary.fixed(configuration.timeoutSeconds, 1)) s", retryAfter: nil, reachable: false)
            case .remoteConnectionClosed:
                return .retryable("closed the connection before answering", retryAfter: nil, reachable: false)
            default:
                if error.shortDescription.hasPrefix("Unsupported scheme") || error.shortDescription.hasPrefix("Invalid header") {
                    throw ModelError(.transport, "request to \(displayEndpoints[endpoint]) cannot be sent (\(error.shortDescription))")
                }
                return .retryable("failed: \(error.shortDescription)", retryAfter: nil, reachable: false)
            }
        }
        if error is NIOTooManyBytesError {
            throw ModelError(.invalidResponse, "endpoint \(displayEndpoints[endpoint]) sent a reply larger than \(configuration.maxResponseBytes) bytes")
        }
        if let code = Self.socketErrno(error) {
            return .retryable("could not be reached: \(Self.describeSocketError(code))", retryAfter: nil, reachable: false, refused: code == ECONNREFUSED)
        }
        // DNS failures and the rest: NIO's errors describe the socket operation,
        // never the request; redact anyway.
        return .retryable("could not be reached: \(redact(Self.truncate(String(describing: error), limit: 200)))", retryAfter: nil, reachable: false)
    }

    /// The errno behind a failed connect, read, or write, wherever NIO put it.
    public static func socketErrno(_ error: any Error) -> Int32? {
        if let io = error as? IOError { return io.errnoCode }
        if let connect = error as? NIOConnectionError {
            return connect.connectionErrors.lazy.compactMap { ($0.error as? IOError)?.errnoCode }.first
        }
        return nil
    }

    /// A socket failure in a few plain words (NIO's own text reads "connection
    /// reset (error set): Connection refused (errno: 111)" for a refusal).
    public static func describeSocketError(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused (is the server running, and on this port?)"
        case ECONNRESET: "connection reset by the server"
        case ETIMEDOUT: "connection timed out"
        case EHOSTUNREACH: "host unreachable"
        case ENETUNREACH: "network unreachable"
        case EPIPE: "the server closed the connection while the request was being sent"
        default: String(cString: strerror(code)).lowercased() + " (errno \(code))"
        }
    }

    private func decode(_ body: Data, endpoint: Int, promptChars: Int, latency: Double) throws -> Completion {
        let where_ = "endpoint \(displayEndpoints[endpoint])"
        let response: ChatWire.Response
        do {
            response = try JSONDecoder().decode(ChatWire.Response.self, from: body)
        } catch {
            let start = redact(Self.truncate(String(decoding: body.prefix(200), as: UTF8.self), limit: 120))
            throw ModelError(.invalidResponse, "\(where_) sent a reply that is not the expected JSON (\(body.count) bytes, starting \"\(start)\")")
        }
        guard let choice = response.choices?.first else {
            throw ModelError(.invalidResponse, "\(where_) sent a reply with no choices")
        }
        guard let text = choice.message?.content ?? choice.text else {
            throw ModelError(.invalidResponse, "\(where_) sent a choice with no message content")
        }
        // Servers that omit `usage` get an estimate of about 4 characters per token,
        // so cost and token budgets stay roughly right rather than zero.
        let promptTokens = response.usage?.promptTokens ?? (promptChars + 3) / 4
        let completionTokens = response.usage?.completionTokens ?? (text.count + 3) / 4
        return Completion(text: text, usage: CompletionUsage(promptTokens: promptTokens, completionTokens: completionTokens, latencySeconds: latency))
    }

    /// Replaces the API key wherever server text echoes it.
    private func redact(_ text: String) -> String {
        guard let key = configuration.apiKey?.value, key.count >= 4 else { return text }
        return text.replacingOccurrences(of: key, with: "[redacted]")
    }

    // MARK: helpers

    /// Runs `operation`, or returns nil when `seconds` pass first (the operation is
    /// then cancelled). AsyncHTTPClient's deadline stops at the response head; this
    /// also bounds reading the body.
    private static func withTimeout<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    static func normalize(_ base: String) -> String {
        var s = base.trimmingCharacters(in: .whitespaces)
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }

    /// The URL without `user:password@`, for messages.
    static func display(_ base: String) -> String {
        guard var components = URLComponents(string: base), components.user != nil || components.password != nil else { return base }
        components.user = nil
        components.password = nil
        return components.string ?? base
    }

    static func truncate(_ text: String, limit: Int = 300) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
