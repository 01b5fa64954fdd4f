import Foundation
public import SPOCore
public import SPOModelInterface

/// The hard limits of a run (`budget:`), counted across resumes.
///
/// Calls, tokens and cost count what reached an endpoint, both roles
/// together; cache hits are free. The totals of earlier sessions of the same
/// run come from their last `usage` events, wall time from their last `t`, so
/// a resumed run stops at the same budget, and a resume with a higher limit
/// goes on. `check()` is asked before every request and at checkpoints; the
/// first limit reached is kept (`reached`) and every later check fails too.
public final class BudgetGuard: @unchecked Sendable {
    public let limits: Budget
    private let prices: [String: ModelPrice]
    /// Last `usage` per role of the earlier sessions of this run.
    public let prior: [ModelRole: EngineEvent.Usage]
    private let elapsedBefore: Double
    private let started = ContinuousClock.now
    private let lock = NSLock()
    private var calls = 0
    private var tokens = 0
    private var cost = 0.0
    private var hit: EngineEvent.BudgetReached?

    public init(limits: Budget, prices: [String: ModelPrice], resumingFrom records: [EventRecord] = []) {
        self.limits = limits
        self.prices = prices
        var prior: [ModelRole: EngineEvent.Usage] = [:]
        for r in records {
            if case .usage(let u) = r.event { prior[u.role] = u }
        }
        self.prior = prior
        elapsedBefore = records.last?.t ?? 0
    }

    /// True when no limit is set.
    public var isUnlimited: Bool {
        limits.maxCalls == nil && limits.maxTokens == nil && limits.maxCostUSD == nil && limits.maxMinutes == nil
    }

    /// The first limit reached, once one has been.
    public var reached: EngineEvent.BudgetReached? { lock.withLock { hit } }

    /// Adds a call that reached an endpoint.
    public func record(_ usage: CompletionUsage, priceName: String) {
        guard !usage.cached else { return }
        let price = Self.price(priceName, in: prices)
        lock.withLock {
            calls += 1
            tokens += usage.promptTokens + usage.completionTokens
            if let price { cost += price.cost(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens) }
        }
    }

    /// Calls, tokens, cost and minutes of the whole run so far.
    public var totals: (calls: Int, tokens: Int, costUSD: Double, minutes: Double) {
        let before = prior.values
        let minutes = (elapsedBefore + Self.seconds(ContinuousClock.now - started)) / 60
        return lock.withLock {
            (
                calls + before.reduce(0) { $0 + $1.calls },
                tokens + before.reduce(0) { $0 + $1.promptTokens + $1.completionTokens },
                cost + before.reduce(0) { $0 + $1.costUSD },
                minutes
            )
        }
    }

    /// The limit reached, if any: no further request may start.
    public func check() -> EngineEvent.BudgetReached? {
        if let h = reached { return h }
        guard !isUnlimited else { return nil }
        let t = totals
        var found: EngineEvent.BudgetReached?
        if let m = limits.maxCalls, t.calls >= m {
            found = .init(what: "calls", limit: Double(m), value: Double(t.calls))
        } else if let m = limits.maxTokens, t.tokens >= m {
            found = .init(what: "tokens", limit: Double(m), value: Double(t.tokens))
        } else if let m = limits.maxCostUSD, t.costUSD >= m {
            found = .init(what: "cost_usd", limit: m, value: t.costUSD)
        } else if let m = limits.maxMinutes, t.minutes >= m {
            found = .init(what: "minutes", limit: m, value: t.minutes)
        }
        guard let found else { return nil }
        return lock.withLock {
            if hit == nil { hit = found }
            return hit
        }
    }

    /// The price of a model: an exact match, else one that differs only in case.
    static func price(_ model: String, in prices: [String: ModelPrice]) -> ModelPrice? {
        if let p = prices[model] { return p }
        let lower = model.lowercased()
        return prices.first { $0.key.lowercased() == lower }?.value
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension BudgetGuard {
    /// "calls 1,000 of 1,000", "cost_usd 5.02 of 5", for messages.
    public static func describe(_ hit: EngineEvent.BudgetReached) -> String {
        func f(_ d: Double) -> String {
            d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(format: "%.2f", d)
        }
        return "\(hit.what) \(f(hit.value)) of \(f(hit.limit))"
    }
}
