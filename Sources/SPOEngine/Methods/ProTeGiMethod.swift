import Foundation
import SPOCore
import SPOModelInterface

/// ProTeGi (Pryzant et al., 2023) on user prompts only: every prompt in a task's
/// beam (its top-k) is criticised from a sample of its wrong answers (a "textual
/// gradient"), then edited along that criticism; the edits are scored and the
/// beam becomes the top-k again. The system prompt never changes.
///
/// Phases: `init`, then per iteration `expand`, then `test`. With
/// `EngineSetup.testEachIteration` (used by `metaspo adapt`) each iteration also
/// scores every task's best user prompt on the test split.
extension Engine {
    /// Scores each source task's best kept user prompt on the test split.
    func testBest() async throws {
        guard config.testSize > 0 else { return }
        try await checkpoint()
        let nodes = setup.sourceTasks.compactMap { t in search.kept[t.name]?.first.map { NodeRef(system: search.currentSystem, user: $0, task: t.name) } }
        try await evaluate(nodes, split: .test)
    }

    /// `num_user_candidate` edits of every beam member, each from its own sample
    /// of the member's wrong answers: a gradient call, then edit attempts. All
    /// members and slots run concurrently; results are recorded in beam, then
    /// slot, order (origin `edit`, `analysis` naming the gradient).
    func expandBeam(task: SPOTask, taskIndex: Int, beam: [String]) async throws -> [String] {
        let count = config.userCandidates
        let systemText = search.text(search.currentSystem)
        let examples = splits[task.name]!.train
        let prompts = setup.prompts
        let attempts = setup.optimizerAttempts
        struct Job: Sendable {
            var parent: String
            var parentText: String
            var order: Int
            var shown: String
            var examples: [Int]
            var indices: [Int]
        }
        var jobs: [Job] = []
        for (rank, parent) in beam.enumerated() {
            guard let r = result(NodeRef(system: search.currentSystem, user: parent, task: task.name)) else { continue }
            if r.wrong.isEmpty {
                try emit(.warning(message: "\(task.name): \(parent) answers every train example correctly; it is not expanded this iteration"))
                continue
            }
            let parentText = search.text(parent)
            for slot in 0..<count {
                var rng = SeededRandom(seed: config.seed, stream: "protegi/\(search.iteration)/\(task.name)/\(rank)/\(slot)")
                let sample = r.wrong.stableSample(config.userErrorSamples, using: &rng)
                let shown = OptimizerExample.render(sample.map { w in
                    OptimizerExample(index: w.i, systemPrompt: systemText, userMessage: task.render(examples[w.i], userPrompt: parentText),
                        response: w.response, prediction: w.prediction ?? Prediction.formatErrorLabel, gold: w.gold)
                })
                let indices = (0...attempts).map { sampleIndex(phase: 1, task: taskIndex, slot: rank * count + slot, attempt: $0) }
                jobs.append(Job(parent: parent, parentText: parentText, order: jobs.count, shown: shown, examples: sample.map(\.i), indices: indices))
            }
        }
        let drafts = try await withThrowingTaskGroup(of: (Int, Draft).self) { group in
            for job in jobs {
                group.addTask {
                    var draft = Draft(analysis: nil, examples: job.examples, text: nil, rejections: [])
                    let gradientReply = try await self.askOptimizerText(
                        prompts.protegiGradient, ["system_prompt": systemText, "user_prompt": job.parentText, "examples": job.shown], sampleIndex: job.indices[0])
                    guard let gradient = gradientReply.flatMap(OptimizerReply.analysis) else {
                        draft.rejections.append(.init("gradient reply was empty or malformed"))
                        return (job.order, draft)
                    }
                    draft.analysis = gradient
                    for attempt in 1...attempts {
                        let reply = try await self.askOptimizerText(
                            prompts.protegiEdit, ["user_prompt": job.parentText, "examples": job.shown, "gradient": gradient], sampleIndex: job.indices[attempt])
                        switch reply.map({ OptimizerReply.userPrompt($0, parent: job.parentText) }) {
                        case .success(let text)?:
                            draft.text = text
                            return (job.order, draft)
                        case .failure(let why)?: draft.rejections.append(why)
                        case nil: draft.rejections.append(.init("the endpoint sent a malformed reply"))
                        }
                    }
                    return (job.order, draft)
                }
            }
            var out = [Draft?](repeating: nil, count: jobs.count)
            for try await (i, d) in group { out[i] = d }
            return out.map { $0! }
        }
        var ids: [String] = []
        for (job, d) in zip(jobs, drafts) {
            var gradientID: String?
            if let g = d.analysis { gradientID = try createAnalysis(target: job.parent, kind: .user, text: g, examples: d.examples) }
            for (n, why) in d.rejections.enumerated() {
                try emit(.candidateRejected(.init(reason: why.reason, attempt: n + 1, target: job.parent, task: task.name, kind: .user, rule: why.rule)))
            }
            guard let t = d.text else { continue }
            if let dup = search.duplicate(of: t, kind: .user, task: task.name) {
                try emit(.candidateRejected(.init(reason: "same text as \(dup)", attempt: d.rejections.count + 1, target: job.parent, task: task.name, kind: .user)))
                continue
            }
            ids.append(try createCandidate(kind: .user, text: t, parent: job.parent, task: task.name, origin: .edit, analysis: gradientID))
        }
        return ids
    }
}
