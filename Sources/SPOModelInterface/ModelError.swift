/// Why a model call failed. The message is meant for a person and never contains
/// an API key (the client redacts server text before it lands here).
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The endpoint answered a 4xx that retrying cannot fix (400, 401, 403, 404, …).
        case rejected(status: Int)
        /// 429, 5xx, timeouts or connection errors persisted through every retry.
        case retriesExhausted
        /// 200 with a body that is not JSON, has no choices, or no message content.
        case invalidResponse
        /// A request that could not be sent at all (bad URL, unsupported scheme).
        case transport
        /// The API key could not be read safely (missing file, loose permissions).
        case apiKey
        /// Settings that cannot work (no model name for a remote endpoint, …).
        case configuration
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// True for failures tied to one request's reply (a malformed body), which an
    /// evaluation may score as a wrong answer instead of stopping the run.
    public var isPerRequest: Bool { kind == .invalidResponse }
}
