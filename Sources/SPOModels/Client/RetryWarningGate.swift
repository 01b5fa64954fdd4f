import Foundation

/// Lets one retry warning through per endpoint, attempt number and failure,
/// not one per request: eighteen requests in flight to a server that went away
/// once gave eighteen identical lines per round of retries. A different
/// failure (a 500 after a 429) still shows. The meter still counts every
/// retry; the warning keeps the attempt count ("attempt 3 of 7") visible.
public actor RetryWarningGate {
    private var last: [String: ContinuousClock.Instant] = [:]
    /// A warning for the same endpoint, attempt and failure within this many seconds is dropped.
    private let window: Duration

    public init(window: Duration = .seconds(30)) { self.window = window }

    /// Whether the warning for `notice` (from `role`) should be shown now.
    public func admits(_ notice: RetryNotice, role: String, now: ContinuousClock.Instant = .now) -> Bool {
        let key = "\(role)|\(notice.endpoint)|\(notice.attempt)|\(notice.reason)"
        if let seen = last[key], now - seen < window { return false }
        last[key] = now
        return true
    }
}
