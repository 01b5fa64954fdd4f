import SPOCore

/// MetaSPO's calls, and its variants' (docs/engine.md, "Calls"): exhaustive,
/// `T·N + I·(T·U·N + S·T·k·N) + 2·T·M` base and `I·(2·T·U + 2·S)` optimizer
/// calls. `outer-only` skips the inner loop and doubles the iterations;
/// `metaspo-ape` writes each user prompt in one call (no analysis) and
/// `metaspo-evo` each prompt of both loops; their own loops score every
/// candidate in full (racing applies to MetaSPO's loops only). With a
/// validation split candidates race on it (`N` becomes the validation size)
/// and the prompts that win are scored on train too, for the failures the
/// next step is written from: up to `min(U, k)·N_train` per task after an
/// inner loop and `k·Σ N_train` after an outer one.
public struct MetaSPOPlanner: MethodPlanner {
    public init() {}

    public func phases(_ c: PlanContext) -> [PhasePlan] {
        let cfg = c.config
        let loops = cfg.method.loops ?? (.rewrite, .rewrite)
        let iterations = cfg.method.rounds(cfg.iterations)
        let tasks = c.source.count
        let U = loops.inner == nil ? 0 : cfg.userCandidates
        let S = cfg.systemCandidates
        let k = max(1, cfg.userTopK)
        let retries = c.attempts - 1
        // Optimizer calls per candidate, and whether the loop is MetaSPO's own (raced).
        let innerCalls = loops.inner?.callsPerCandidate ?? 0
        let outerCalls = loops.outer.callsPerCandidate
        let innerRaced = loops.inner == .rewrite
        let outerRaced = loops.outer == .rewrite
        let full = c.exhaustiveContext
        var phases = [PhasePlan(.initial, base: CallRange(exactly: c.trainTotal + c.valTotal))]
        // User prompts kept per task: the initial one, growing by U per inner loop up to k.
        var kept = 1
        for i in 1...max(1, iterations) where iterations > 0 {
            if U > 0 {
                var base = CallRange.zero
                for t in c.source {
                    base = base + (innerRaced ? c : full).raced(count: U, full: t.selection, incumbents: kept, keep: k, halvingFloor: nil)
                    // Newly kept prompts are scored on train (none when every newcomer loses).
                    if t.val > 0 { base = base + CallRange(low: 0, high: min(U, k) * t.train) }
                }
                let drafts = tasks * U
                phases.append(PhasePlan(
                    .inner, iteration: i, base: base, optimizer: CallRange(low: innerCalls * drafts, high: drafts * (innerCalls + retries)),
                    optimizerWaves: innerCalls, optimizerWidth: drafts, shownExamples: innerCalls == 2 ? cfg.userErrorSamples : 0))
                kept = min(k, kept + U)
            }
            let items = kept * c.selectionTotal
            // A new system prompt is scored on train under the kept prompts (none when the incumbent stays).
            let retrain = c.valTotal > 0 ? CallRange(low: 0, high: kept * c.trainTotal) : .zero
            var outer = (outerRaced ? c : full).raced(count: S, full: items, incumbents: 1, keep: 1, halvingFloor: 1) + retrain
            if cfg.keepsFront {
                // A front is scored in full (no drops), its members again under new kept
                // prompts, and the drawn parents on train for their failures.
                let front = cfg.frontSize ?? S
                outer = CallRange(exactly: S * items) + CallRange(low: 0, high: front * items + min(S, front) * kept * c.trainTotal) + retrain
            }
            phases.append(PhasePlan(
                .outer, iteration: i, base: outer,
                // A merge slot (`merge`) is one call (no analysis) when the front has a pair to merge.
                optimizer: CallRange(low: outerCalls * S - (cfg.keepsFront && cfg.merge == true ? outerCalls - 1 : 0), high: S * (outerCalls + retries)),
                optimizerWaves: outerCalls, optimizerWidth: S,
                shownExamples: outerCalls == 2 ? cfg.systemErrorSamples * tasks : 0))
        }
        phases.append(PhasePlan(.test, base: CallRange(exactly: c.testCalls)))
        return phases
    }
}
