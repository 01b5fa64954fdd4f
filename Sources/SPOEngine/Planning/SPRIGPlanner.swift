import SPOCore

/// SPRIG's calls (docs/engine.md, "Calls"): 2·I generations of S children,
/// each scored with every task's initial user prompt unless it repeats a
/// prompt already scored; only `rephrase` children (about a quarter) ask the
/// optimizer, so optimizer calls are a range from none to one per child.
public struct SPRIGPlanner: MethodPlanner {
    public init() {}

    public func phases(_ c: PlanContext) -> [PhasePlan] {
        let cfg = c.config
        let S = cfg.systemCandidates
        var phases = [PhasePlan(.initial, base: CallRange(exactly: c.trainTotal))]
        for g in 1...max(1, cfg.method.rounds(cfg.iterations)) where cfg.iterations > 0 {
            phases.append(PhasePlan(
                .generation, iteration: g, base: CallRange(low: 0, high: S * c.trainTotal),
                optimizer: CallRange(low: 0, high: S * c.attempts), optimizerWaves: 1, optimizerWidth: S))
        }
        phases.append(PhasePlan(.test, base: CallRange(exactly: c.testCalls)))
        return phases
    }
}
