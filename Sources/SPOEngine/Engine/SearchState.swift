import SPOCore

/// What the search has found so far, apart from the runtime that finds it
/// (events, checkpoints, commands, budget, evaluation in `Engine`): every
/// candidate, every node's results, the kept user prompts, the current system
/// prompt and the history the summary reports. Methods read and change it
/// through the engine; on resume it is rebuilt by replaying the method.
struct SearchState: Sendable {
    /// Every candidate by id, as its `candidate_created` event describes it
    /// (the fold's type); `createdSeq` orders them for "newer wins" ties.
    var candidates: [String: CandidateEntry] = [:]
    var candidateOrder: [String] = []
    var counters: [CandidateKind: Int] = [.system: 0, .user: 0]
    var analysisCounter = 0
    var results: [ScoreKey: NodeResult] = [:]
    /// Every example asked so far, per node and split (complete or not).
    var outcomes: [ScoreKey: NodeOutcomes] = [:]
    /// Base-model calls racing has saved so far.
    var callsSaved = 0
    var currentSystem = ""
    var initialSystem = ""
    /// Kept user prompts per source task, best first.
    var kept: [String: [String]] = [:]
    var initialUser: [String: String] = [:]
    /// Hand-written candidates waiting for their loop.
    var manualUsers: [String: [String]] = [:]
    var manualSystems: [String] = []
    /// The Pareto front of system prompts (`selection: pareto`), best mean first.
    var front: [String] = []
    var pendingPinnedSystem: String?
    var iteration = 0
    /// Best train score per source task after init (index 0) and each iteration.
    var trainHistory: [[String: Double]] = []
    /// Set when the search ended early, every task saturated (`endsSaturated`).
    var earlyEnd: RunSummary.EarlyEnd?
    /// Best validation score per source task after init and each iteration (runs with `val_size`).
    var validationHistory: [[String: Double]] = []
}

extension SearchState {
    /// An existing candidate (pruned ones too) of the same kind and task with the same text.
    func duplicate(of text: String, kind: CandidateKind, task: String?) -> String? {
        let norm = OptimizerReply.normalized(text)
        return candidateOrder.first { id in
            let c = candidates[id]!
            return c.kind == kind && c.task == task && OptimizerReply.normalized(c.text) == norm
        }
    }

    /// A candidate's text ("" for an unknown id).
    func text(_ id: String) -> String { candidates[id]?.text ?? "" }
}
