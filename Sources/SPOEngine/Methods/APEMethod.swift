import Foundation
import SPOCore
import SPOModelInterface

/// APE (Zhou et al., 2022) on user prompts only: each iteration resamples new
/// wordings of every kept user prompt of each source task, scores them, and keeps
/// the top-k. The system prompt stays the initial one throughout.
///
/// Phases: `init`, then per iteration `resample`, then `test`.
extension Engine {
    /// Sample-index phase of APE-style resampling (inner-loop slot of the index layout).
    static let resamplePhase = 1

    /// Resamples `num_user_candidate` new wordings of each parent concurrently and
    /// records them (origin `resample`) in parent, then slot, order.
    func resampleUsers(task: SPOTask, taskIndex: Int, parents: [String]) async throws -> [String] {
        let count = config.userCandidates
        guard count > 0, !parents.isEmpty else { return [] }
        let resampler = makeResampler()
        // Texts a variant must not repeat: every user prompt the task has had.
        let existing = search.candidateOrder.compactMap { id -> String? in
            let c = search.candidates[id]!
            return c.kind == .user && c.task == task.name ? c.text : nil
        }
        let jobs = parents.enumerated().map { rank, parent in
            (source: search.text(parent), base: sampleIndex(phase: Self.resamplePhase, task: taskIndex, slot: rank * count, attempt: 0))
        }
        let outcomes = try await resampleAll(resampler, jobs: jobs, count: count, avoiding: existing)
        var ids: [String] = []
        for (rank, parent) in parents.enumerated() {
            ids += try recordVariants(outcomes[rank], count: count, kind: .user, parent: parent, task: task.name, origin: .resample)
        }
        return ids
    }

    /// A resampler that asks the optimizer the way `askOptimizerText` does (same model, budget,
    /// temperature and seed rule), with the engine's sample-index layout.
    func makeResampler() -> PromptResampler {
        PromptResampler(
            model: optimizerModel, template: setup.prompts.apeResample, temperature: config.optimizer.temperature,
            maxTokens: config.optimizer.maxTokens, seed: config.seed, attempts: setup.optimizerAttempts, slotStride: 10)
    }

    /// Runs several resamplings concurrently; outcomes come back in job order.
    func resampleAll(_ resampler: PromptResampler, jobs: [(source: String, base: Int)], count: Int, avoiding: [String]) async throws -> [PromptResampler.Outcome] {
        do {
            return try await withThrowingTaskGroup(of: (Int, PromptResampler.Outcome).self) { group in
                for (i, job) in jobs.enumerated() {
                    group.addTask { (i, try await resampler.resample(job.source, count: count, baseSampleIndex: job.base, avoiding: avoiding)) }
                }
                var out = [PromptResampler.Outcome?](repeating: nil, count: jobs.count)
                for try await (i, o) in group { out[i] = o }
                return out.map { $0! }
            }
        } catch is EvaluationStopped {
            // A budget ran out before a request was sent.
            throw StopRequested()
        }
    }

    /// Records one resampling's rejections and variants, slot by slot; a variant
    /// that repeats an existing candidate of the same kind (and task) is rejected.
    func recordVariants(
        _ outcome: PromptResampler.Outcome, count: Int, kind: CandidateKind, parent: String, task: String?, origin: CandidateOrigin
    ) throws -> [String] {
        var ids: [String] = []
        for slot in 0..<count {
            let rejected = outcome.rejections(slot: slot)
            for r in rejected {
                try emit(.candidateRejected(.init(reason: r.reason, attempt: r.attempt, target: parent, task: task, kind: kind)))
            }
            guard let v = outcome.variants.first(where: { $0.slot == slot }) else { continue }
            if let dup = search.duplicate(of: v.text, kind: kind, task: task) {
                try emit(.candidateRejected(.init(reason: "same text as \(dup)", attempt: v.attempt, target: parent, task: task, kind: kind)))
                continue
            }
            ids.append(try createCandidate(kind: kind, text: v.text, parent: parent, task: task, origin: origin, analysis: nil))
        }
        return ids
    }
}
