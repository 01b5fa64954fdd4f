import Foundation
import SPOCore
import SPOModelInterface

/// `metaspo-evo`, the paper's "w/ EVO" ablation: MetaSPO's two loops, but new
/// candidates come from evolutionary operators instead of failure analyses.
/// A child is a **crossover** of two parents (the optimizer combines them and
/// mutates the result, one call), or, when there is only one parent, a
/// **mutation** (an APE-style resample of it). No wrong answers are shown and no
/// `analysis_created` events are written.
///
/// Inner loop, per task: child `j` crosses kept prompts `j mod k` and `j+1 mod k`.
/// Outer loop: child `j` crosses the current system prompt with donor `j mod d`,
/// the donors being the other system prompts scored so far, best mean train
/// score first. Scoring and selection are MetaSPO's.
extension Engine {
    /// One child to breed: its parents and the sample indices of its attempts.
    struct EvoJob: Sendable {
        var slot: Int
        var parent: String
        var parentText: String
        var donorText: String?
        var indices: [Int]
    }

    func evolveInnerLoop() async throws {
        try emit(.phaseStarted(.init(iteration: search.iteration, phase: .inner)))
        for (taskIndex, task) in setup.sourceTasks.enumerated() {
            try await checkpoint()
            let parents = search.kept[task.name] ?? []
            guard !parents.isEmpty else { continue }
            var jobs: [EvoJob] = []
            for slot in 0..<config.userCandidates {
                let a = parents[slot % parents.count]
                let b = parents.count >= 2 ? parents[(slot + 1) % parents.count] : nil
                jobs.append(EvoJob(
                    slot: slot, parent: a, parentText: search.text(a), donorText: b.map(search.text),
                    indices: (0...setup.optimizerAttempts).map { sampleIndex(phase: 1, task: taskIndex, slot: slot, attempt: $0) }))
            }
            try await userStep(task: task) { try await breedAndRecord(jobs, kind: .user, task: task.name) }
        }
        try emit(.selection(.init(iteration: search.iteration, phase: .inner, kept: search.kept, currentSystem: search.currentSystem)))
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .inner)))
    }

    func evolveOuterLoop() async throws {
        try emit(.phaseStarted(.init(iteration: search.iteration, phase: .outer)))
        try await checkpoint()
        let parent = search.currentSystem
        let donors = systemDonors(excluding: parent)
        var jobs: [EvoJob] = []
        for slot in 0..<config.systemCandidates {
            jobs.append(EvoJob(
                slot: slot, parent: parent, parentText: search.text(parent), donorText: donors.isEmpty ? nil : search.text(donors[slot % donors.count]),
                indices: (0...setup.optimizerAttempts).map { sampleIndex(phase: 2, task: 0, slot: slot, attempt: $0) }))
        }
        var newIDs = search.manualSystems
        search.manualSystems = []
        newIDs += try await breedAndRecord(jobs, kind: .system, task: nil)
        for id in newIDs where search.candidates[id]?.pruned == false {
            try await checkpoint()
            try await evaluate(keptNodes(system: id), split: .train)
        }
        // MetaSPO's choice: the best of the current prompt and the candidates.
        var best = search.currentSystem
        if search.candidates[search.currentSystem]?.pinned != true {
            for id in newIDs where search.candidates[id]?.pruned == false && replaces(id, best) { best = id }
        }
        if best != search.currentSystem {
            search.currentSystem = best
            for t in setup.sourceTasks { sortKept(t.name) }
        }
        try emit(.selection(.init(iteration: search.iteration, phase: .outer, kept: search.kept, currentSystem: search.currentSystem)))
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .outer)))
    }

    /// Other unpruned system prompts with train scores, by their mean train
    /// score over the nodes they were scored on (best first, newer on ties).
    func systemDonors(excluding parent: String) -> [String] {
        var means: [(id: String, mean: Double, ordinal: Int)] = []
        for id in search.candidateOrder where id != parent {
            guard let c = search.candidates[id], c.kind == .system, !c.pruned else { continue }
            let scores = search.results.values.filter { $0.split == .train && $0.node.system == id }.map(\.score)
            if scores.isEmpty { continue }
            means.append((id, scores.reduce(0, +) / Double(scores.count), c.createdSeq))
        }
        means.sort { $0.mean != $1.mean ? $0.mean > $1.mean : $0.ordinal > $1.ordinal }
        return means.map(\.id)
    }

    /// Breeds every job concurrently (crossover with a donor, else mutation),
    /// retrying invalid replies with the job's next sample index, then records
    /// rejections and children in slot order.
    func breedAndRecord(_ jobs: [EvoJob], kind: CandidateKind, task: String?) async throws -> [String] {
        let prompts = setup.prompts
        let attempts = setup.optimizerAttempts
        let bred = try await withThrowingTaskGroup(of: (Int, String?, [String]).self) { group in
            for job in jobs {
                group.addTask {
                    var rejections: [String] = []
                    for attempt in 1...attempts {
                        let reply: String?
                        if let donor = job.donorText {
                            reply = try await self.askOptimizerText(prompts.evoCrossover, ["prompt_a": job.parentText, "prompt_b": donor], sampleIndex: job.indices[attempt])
                        } else {
                            reply = try await self.askOptimizerText(prompts.apeResample, ["prompt": job.parentText], sampleIndex: job.indices[attempt])
                        }
                        guard let reply else {
                            rejections.append("the endpoint sent a malformed reply")
                            continue
                        }
                        switch OptimizerReply.variant(reply, source: job.parentText) {
                        case .success(let text):
                            if let donor = job.donorText, OptimizerReply.normalized(text) == OptimizerReply.normalized(donor) {
                                rejections.append("child is identical to its second parent")
                                continue
                            }
                            return (job.slot, text, rejections)
                        case .failure(let why): rejections.append(why.reason)
                        }
                    }
                    return (job.slot, nil, rejections)
                }
            }
            var out = [(String?, [String])](repeating: (nil, []), count: jobs.count)
            for try await (slot, text, rejections) in group { out[slot] = (text, rejections) }
            return out
        }
        var ids: [String] = []
        for (job, (childText, rejections)) in zip(jobs, bred) {
            for (n, reason) in rejections.enumerated() {
                try emit(.candidateRejected(.init(reason: reason, attempt: n + 1, target: job.parent, task: task, kind: kind)))
            }
            guard let childText else { continue }
            if let dup = search.duplicate(of: childText, kind: kind, task: task) {
                try emit(.candidateRejected(.init(reason: "same text as \(dup)", attempt: rejections.count + 1, target: job.parent, task: task, kind: kind)))
                continue
            }
            let origin: CandidateOrigin = job.donorText == nil ? .mutation : .crossover
            ids.append(try createCandidate(kind: kind, text: childText, parent: job.parent, task: task, origin: origin, analysis: nil))
        }
        return ids
    }
}
