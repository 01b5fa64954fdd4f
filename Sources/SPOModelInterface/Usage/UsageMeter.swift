public import SPOCore

/// Counts calls, tokens, latency, retries, errors, cache hits and cost per role.
/// Shared by every model of a run; read with `snapshot()`.
public actor UsageMeter {
    private let prices: [String: ModelPrice]
    private var usage: [ModelRole: RoleUsage] = [:]

    /// - Parameter prices: USD per million tokens by model name (the config's
    ///   `prices:`). A model with no entry costs 0, as the local model does.
    public init(prices: [String: ModelPrice] = [:]) {
        self.prices = prices
    }

    /// The price of `model`: an exact match, else one that differs only in case.
    public nonisolated func price(for model: String) -> ModelPrice? {
        if let p = prices[model] { return p }
        let lower = model.lowercased()
        return prices.first { $0.key.lowercased() == lower }?.value
    }

    /// A call the endpoint answered.
    public func recordCall(role: ModelRole, model: String, usage call: CompletionUsage) {
        update(role) { u in
            u.calls += 1
            u.promptTokens += call.promptTokens
            u.completionTokens += call.completionTokens
            u.latencySeconds += call.latencySeconds
            if let price = price(for: model) {
                u.costUSD += price.cost(promptTokens: call.promptTokens, completionTokens: call.completionTokens)
            }
        }
    }

    public func recordCacheHit(role: ModelRole) { update(role) { $0.cacheHits += 1 } }
    public func recordRetry(role: ModelRole) { update(role) { $0.retries += 1 } }
    public func recordError(role: ModelRole) { update(role) { $0.errors += 1 } }

    public func snapshot() -> UsageSnapshot {
        UsageSnapshot(base: usage[.base] ?? RoleUsage(), optimizer: usage[.optimizer] ?? RoleUsage())
    }

    private func update(_ role: ModelRole, _ change: (inout RoleUsage) -> Void) {
        var u = usage[role] ?? RoleUsage()
        change(&u)
        usage[role] = u
    }
}
