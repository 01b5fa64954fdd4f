import SPOCore

/// APE's and ProTeGi's calls (docs/engine.md, "Calls"): each iteration every
/// member of a task's beam gets U new user prompts, all scored in full; the
/// beam grows as B₁ = 1, Bᵢ₊₁ = min(k, 1 + U·(B₁+…+Bᵢ)). APE asks one call
/// per new prompt, ProTeGi two (a gradient, then an edit).
public struct BeamPlanner: MethodPlanner {
    public init() {}

    public func phases(_ c: PlanContext) -> [PhasePlan] {
        let cfg = c.config
        let U = cfg.userCandidates, k = max(1, cfg.userTopK)
        let perCandidate = cfg.method == .protegi ? 2 : 1
        let retries = c.attempts - 1
        let name: PhaseName = cfg.method == .protegi ? .expand : .resample
        var phases = [PhasePlan(.initial, base: CallRange(exactly: c.trainTotal))]
        var beam = 1, sum = 0
        for i in 1...max(1, cfg.iterations) where cfg.iterations > 0 {
            let drafts = c.source.count * U * beam
            phases.append(PhasePlan(
                name, iteration: i, base: CallRange(exactly: U * beam * c.trainTotal),
                optimizer: CallRange(low: perCandidate * drafts, high: drafts * (perCandidate + retries)), optimizerWaves: perCandidate,
                optimizerWidth: drafts, shownExamples: perCandidate == 2 ? cfg.userErrorSamples : 0))
            sum += beam
            beam = min(k, 1 + U * sum)
        }
        phases.append(PhasePlan(.test, base: CallRange(exactly: c.testCalls)))
        return phases
    }
}
