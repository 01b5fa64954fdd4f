import SPOCore

/// The response-cache key: SHA-256 (hex) of a canonical, unambiguous encoding of
/// everything that decides a reply — the model's identity (endpoint and model
/// name, or the local GGUF's sha256), the messages and the sampling parameters.
/// Every field is length-prefixed, so no two different requests encode alike.
/// Keys and headers are not part of it.
public enum CacheKey {
    /// Bump when the encoding changes; old entries then simply stop matching.
    static let version = "metaspo-cache-v1"

    public static func make(identity: String, messages: [ChatMessage], parameters: SamplingParameters) -> String {
        var out = version + "\n"
        func field(_ name: String, _ value: String) {
            out += "\(name)=\(value.utf8.count):\(value)\n"
        }
        field("identity", identity)
        field("messages", String(messages.count))
        for message in messages {
            field("role", message.role.rawValue)
            field("content", message.content)
        }
        // Double's description round-trips exactly and is the same on every platform.
        field("temperature", parameters.temperature.description)
        field("max_tokens", String(parameters.maxTokens))
        field("stop", String(parameters.stop.count))
        for s in parameters.stop { field("s", s) }
        field("seed", parameters.seed.map { String($0) } ?? "none")
        field("sample", String(parameters.sampleIndex))
        return SHA256.hex(out)
    }
}
