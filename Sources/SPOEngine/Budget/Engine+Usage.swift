import SPOCore
import SPOModelInterface

extension Engine {
    /// Usage since the run first started: what the earlier sessions of a
    /// resumed run reported last, plus this process's calls. Nil without a meter.
    func usageTotals() async -> UsageSnapshot? {
        guard let meter = setup.meter else { return nil }
        var snap = await meter.snapshot()
        for role in ModelRole.allCases {
            if let p = budget.prior[role] { snap[role] = snap[role] + RoleUsage(reported: p) }
        }
        return snap
    }
}

extension RoleUsage {
    /// The totals a `usage` event reported (an earlier session of the run).
    init(reported u: EngineEvent.Usage) {
        self.init()
        calls = u.calls
        promptTokens = u.promptTokens
        completionTokens = u.completionTokens
        latencySeconds = u.latency ?? 0
        retries = u.retries ?? 0
        errors = u.errors
        cacheHits = u.cacheHits
        costUSD = u.costUSD
    }
}
