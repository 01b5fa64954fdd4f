

/// One chat message of an OpenAI-style conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ text: String) -> ChatMessage { .init(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { .init(role: .user, content: text) }
}

/// Sampling parameters of one request. `sampleIndex` keeps sampled answers to the
/// same messages distinct in the cache; `seed` is sent to servers that honour it.
public struct SamplingParameters: Sendable, Hashable, Codable {
    public var temperature: Double
    public var maxTokens: Int
    public var stop: [String]
    public var seed: UInt64?
    public var sampleIndex: Int

    public init(temperature: Double, maxTokens: Int, stop: [String] = [], seed: UInt64? = nil, sampleIndex: Int = 0) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.sampleIndex = sampleIndex
    }
}

/// Token counts and timing of one completion.
public struct CompletionUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var latencySeconds: Double
    public var cached: Bool

    public init(promptTokens: Int, completionTokens: Int, latencySeconds: Double, cached: Bool = false) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latencySeconds = latencySeconds
        self.cached = cached
    }
}

/// A model's reply: its text and what it cost.
public struct Completion: Sendable, Hashable, Codable {
    public var text: String
    public var usage: CompletionUsage

    public init(text: String, usage: CompletionUsage) {
        self.text = text
        self.usage = usage
    }
}

/// Chat messages in; text and usage out. Implemented by the HTTP client, the
/// cache wrapper, and scripted models in tests.
public protocol LanguageModel: Sendable {
    /// A stable name for logs and the cache key (endpoint and model identity).
    var identity: String { get }
    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion
}
