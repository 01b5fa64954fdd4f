import Foundation
import SPOCore
import SPOModels
import SPOTestSupport

/// A language model whose replies come from a closure; counts its calls.
final class ScriptedModel: LanguageModel, @unchecked Sendable {
    let identity: String
    private let lock = NSLock()
    private var _calls = 0
    private let reply: @Sendable ([ChatMessage], SamplingParameters, Int) async throws -> String

    init(identity: String = "scripted", reply: @escaping @Sendable ([ChatMessage], SamplingParameters, Int) async throws -> String) {
        self.identity = identity
        self.reply = reply
    }

    var calls: Int { lock.withLock { _calls } }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let n = lock.withLock {
            _calls += 1
            return _calls
        }
        let text = try await reply(messages, parameters, n)
        return Completion(text: text, usage: CompletionUsage(promptTokens: 7, completionTokens: 3, latencySeconds: 0.01))
    }
}

/// Retries quick enough for tests.
let fastRetry = RetryPolicy(maxRetries: 3, baseDelay: 0.01, maxDelay: 0.05)

func makeClient(
    _ server: ScriptedHTTPServer, key: String? = nil, maxInFlight: Int = 4, timeout: Double = 5, retry: RetryPolicy = fastRetry,
    notices: NoticeLog? = nil
) throws -> OpenAIClient {
    var onRetry: (@Sendable (RetryNotice) async -> Void)?
    if let notices { onRetry = { await notices.add($0) } }
    return try OpenAIClient(
        OpenAIClient.Configuration(
            endpoints: [server.baseURL], model: "test-model", apiKey: key.map { APIKey(value: $0, source: "test") },
            maxInFlight: maxInFlight, timeoutSeconds: timeout, retry: retry),
        onRetry: onRetry)
}

actor NoticeLog {
    private(set) var notices: [RetryNotice] = []
    func add(_ n: RetryNotice) { notices.append(n) }
}

/// A fresh folder under the system temporary directory.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "metaspo-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

let userMessage: [ChatMessage] = [.system("You are a helpful assistant."), .user("What is 2+2? Answer in <answer></answer>.")]
let greedy = SamplingParameters(temperature: 0, maxTokens: 64)
