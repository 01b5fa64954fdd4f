public import SPOCore

/// What one model role has used so far. Tokens and cost count only calls that
/// reached the endpoint; cache hits are free and counted apart.
public struct RoleUsage: Sendable, Hashable, Codable {
    /// Completed calls answered by the endpoint (cache hits excluded).
    public var calls: Int = 0
    public var promptTokens: Int = 0
    public var completionTokens: Int = 0
    /// Sum of the endpoint's answer times over `calls`.
    public var latencySeconds: Double = 0
    public var retries: Int = 0
    /// Calls that failed for good (after retries, or at once).
    public var errors: Int = 0
    public var cacheHits: Int = 0
    public var costUSD: Double = 0

    public init() {}

    public var totalTokens: Int { promptTokens + completionTokens }
    /// Mean endpoint latency per call, 0 before the first call.
    public var meanLatencySeconds: Double { calls == 0 ? 0 : latencySeconds / Double(calls) }
    /// Hits over all answered requests (hits + calls).
    public var cacheHitRate: Double { calls + cacheHits == 0 ? 0 : Double(cacheHits) / Double(calls + cacheHits) }

    public static func + (a: RoleUsage, b: RoleUsage) -> RoleUsage {
        var r = a
        r.calls += b.calls
        r.promptTokens += b.promptTokens
        r.completionTokens += b.completionTokens
        r.latencySeconds += b.latencySeconds
        r.retries += b.retries
        r.errors += b.errors
        r.cacheHits += b.cacheHits
        r.costUSD += b.costUSD
        return r
    }
}

/// A consistent copy of the meter at one moment.
public struct UsageSnapshot: Sendable, Hashable, Codable {
    public var base: RoleUsage
    public var optimizer: RoleUsage

    public init(base: RoleUsage = RoleUsage(), optimizer: RoleUsage = RoleUsage()) {
        self.base = base
        self.optimizer = optimizer
    }

    /// Only the roles this version gives models are metered (`ModelRole.allCases`).
    public subscript(role: ModelRole) -> RoleUsage {
        get { role == .optimizer ? optimizer : base }
        set {
            precondition(ModelRole.allCases.contains(role), "no meter for model role \(role)")
            if role == .optimizer { optimizer = newValue } else { base = newValue }
        }
    }

    public var total: RoleUsage { base + optimizer }
}
