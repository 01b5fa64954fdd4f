import Foundation
public import SPOModels

/// Wraps a model and records when each call started and ended, on the client's
/// side: what the client has in flight, whatever the endpoint does.
public final class CallRecorder: LanguageModel, @unchecked Sendable {
    public let inner: any LanguageModel
    private let lock = NSLock()
    private var spans: [(ContinuousClock.Instant, ContinuousClock.Instant)] = []

    public init(_ inner: any LanguageModel) { self.inner = inner }

    public var identity: String { inner.identity }

    public func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let start = ContinuousClock.now
        defer {
            let end = ContinuousClock.now
            lock.withLock { spans.append((start, end)) }
        }
        return try await inner.complete(messages, parameters: parameters)
    }

    /// Mean calls in flight while any was (Σ durations / their union), over the
    /// whole `wall`, and the most at once.
    public func figures(wall: Double) -> (calls: Int, busy: Double, whileBusy: Double, overall: Double, peak: Int) {
        let all = lock.withLock { spans }.sorted { $0.0 < $1.0 }
        var busy = 0.0, total = 0.0
        var current: (ContinuousClock.Instant, ContinuousClock.Instant)?
        for s in all {
            total += Measure.seconds(s.1 - s.0)
            if let c = current, s.0 <= c.1 {
                current = (c.0, max(c.1, s.1))
            } else {
                if let c = current { busy += Measure.seconds(c.1 - c.0) }
                current = s
            }
        }
        if let c = current { busy += Measure.seconds(c.1 - c.0) }
        var edges = all.flatMap { [($0.0, 1), ($0.1, -1)] }
        edges.sort { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var now = 0, peak = 0
        for e in edges {
            now += e.1
            peak = max(peak, now)
        }
        return (all.count, busy, total / max(busy, 1e-9), total / max(wall, 1e-9), peak)
    }
}
