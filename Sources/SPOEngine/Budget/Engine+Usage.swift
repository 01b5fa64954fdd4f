import SPOCore
import SPOModels

extension Engine {
    /// Usage since the run first started: what the earlier sessions of a
    /// resumed run reported last, plus this process's calls. Nil without a meter.
    func usageTotals() async -> UsageSnapshot? {
        guard let meter = setup.meter else { return nil }
        var snap = await meter.snapshot()
        for role in ModelRole.allCases {
            guard let p = budget.prior[role.rawValue] else { continue }
            var u = snap[role]
            u.latencySeconds += p.latency ?? 0
            u.calls += p.calls
            u.promptTokens += p.promptTokens
            u.completionTokens += p.completionTokens
            u.cacheHits += p.cacheHits
            u.errors += p.errors
            u.costUSD += p.costUSD
            u.retries += p.retries ?? 0
            switch role {
            case .base: snap.base = u
            case .optimizer: snap.optimizer = u
            }
        }
        return snap
    }
}
