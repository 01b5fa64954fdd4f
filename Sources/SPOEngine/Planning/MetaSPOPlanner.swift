import SPOCore

/// MetaSPO's calls (and outer-only's, which skips the inner loop and doubles
/// the iterations): docs/engine.md gives the exhaustive formula
/// `T·N + I·(T·U·N + S·T·k·N) + 2·T·M` base and `I·(2·T·U + 2·S)` optimizer calls.
public struct MetaSPOPlanner: MethodPlanner {
    public init() {}

    public func phases(_ c: PlanContext) -> [PhasePlan] {
        let cfg = c.config
        let outerOnly = cfg.method == "outer-only"
        let iterations = outerOnly ? cfg.iterations * 2 : cfg.iterations
        let tasks = c.source.count
        let U = outerOnly ? 0 : cfg.userCandidates
        let S = cfg.systemCandidates
        let k = max(1, cfg.userTopK)
        let retries = c.attempts - 1
        var phases = [PhasePlan(name: "init", base: CallRange(exactly: c.trainTotal))]
        // User prompts kept per task: the initial one, growing by U per inner loop up to k.
        var kept = 1
        for i in 1...max(1, iterations) where iterations > 0 {
            if U > 0 {
                var base = CallRange.zero
                for t in c.source {
                    base = base + c.raced(count: U, full: t.train, incumbents: kept, keep: k, halvingFloor: nil)
                }
                let drafts = tasks * U
                phases.append(PhasePlan(
                    name: "inner \(i)", base: base, optimizer: CallRange(low: 2 * drafts, high: drafts * (2 + retries)),
                    optimizerWaves: 2, optimizerWidth: drafts, shownExamples: cfg.userErrorSamples))
                kept = min(k, kept + U)
            }
            let full = kept * c.trainTotal
            phases.append(PhasePlan(
                name: "outer \(i)", base: c.raced(count: S, full: full, incumbents: 1, keep: 1, halvingFloor: 1),
                optimizer: CallRange(low: 2 * S, high: S * (2 + retries)), optimizerWaves: 2, optimizerWidth: S,
                shownExamples: cfg.systemErrorSamples * tasks))
        }
        phases.append(PhasePlan(name: "test", base: CallRange(exactly: c.testCalls)))
        return phases
    }
}
