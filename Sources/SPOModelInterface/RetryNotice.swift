import SPOCore

/// One retry the client is about to make, reported so the engine can show it as a
/// `warning` event and the usage meter can count it.
public struct RetryNotice: Sendable, Hashable {
    /// The endpoint that failed (credentials in the URL removed).
    public var endpoint: String
    /// What went wrong: `answered 429`, `timed out after 30.0 s`, `closed the connection`.
    public var reason: String
    /// The attempt that failed, 1-based, and how many attempts are allowed in all.
    public var attempt: Int
    public var maxAttempts: Int
    public var delaySeconds: Double

    public init(endpoint: String, reason: String, attempt: Int, maxAttempts: Int, delaySeconds: Double) {
        self.endpoint = endpoint
        self.reason = reason
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.delaySeconds = delaySeconds
    }

    /// `endpoint http://127.0.0.1:8000/v1 answered 429; retrying in 2.0 s (attempt 2 of 7)`
    public var message: String {
        "endpoint \(endpoint) \(reason); retrying in \(ScoreSummary.fixed(delaySeconds, 1)) s (attempt \(attempt + 1) of \(maxAttempts))"
    }
}
