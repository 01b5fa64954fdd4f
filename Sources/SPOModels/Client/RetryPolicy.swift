import Foundation

/// When and how long to wait before trying a request again.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt (so up to `maxRetries + 1` attempts).
    public var maxRetries: Int
    /// Backoff before retry n (1-based) is `baseDelay * 2^(n-1)`, capped at `maxDelay`,
    /// scaled by a random factor in 0.5…1 so clients that failed together spread out.
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured. A server asking for minutes is treated as
    /// asking for this much, so a run never stalls silently on one request.
    public var maxRetryAfter: Double

    public init(maxRetries: Int = 6, baseDelay: Double = 1, maxDelay: Double = 30, maxRetryAfter: Double = 60) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Seconds to wait before retry `retry` (1-based). A `Retry-After` wins over the
    /// backoff; a little jitter is only ever added to it, never taken off.
    public func delay(beforeRetry retry: Int, retryAfter: Double?, unit: Double = Double.random(in: 0..<1)) -> Double {
        if let retryAfter {
            let wait = min(max(0, retryAfter), maxRetryAfter)
            return wait + min(0.25, wait * 0.1) * unit
        }
        let exponent = Double(min(max(retry - 1, 0), 30))
        let capped = min(maxDelay, baseDelay * pow2(exponent))
        return capped * (0.5 + 0.5 * unit)
    }

    private func pow2(_ e: Double) -> Double {
        var v = 1.0
        for _ in 0..<Int(e) { v *= 2 }
        return v
    }

    /// Whether an HTTP status is worth retrying: rate limits, request timeouts and
    /// server errors. Other 4xx mean the request itself is wrong.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// `Retry-After` in its seconds form (`"2"`, `"1.5"`); the HTTP-date form is
    /// rare on LLM APIs and falls back to the backoff.
    public static func parseRetryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), let seconds = Double(value),
            seconds.isFinite, seconds >= 0
        else { return nil }
        return seconds
    }
}
