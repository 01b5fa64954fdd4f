/// The search's size as configured, read from `run_started`'s config, for
/// progress and ETA. Missing keys fall back to the paper's defaults.
public struct RunPlan: Sendable, Hashable {
    public var iterations = 3
    public var userCandidates = 3
    public var systemCandidates = 9
    public var topK = 3
    /// Nil for a method this version does not know (a newer file's).
    public var method: SearchMethod? = .metaspo

    public init() {}

    public init(config: JSONValue, method: String) {
        self.method = SearchMethod(rawValue: method)
        if let v = config["iterations"]?.intValue ?? config["iteration"]?.intValue { iterations = v }
        if let v = config["userCandidates"]?.intValue ?? config["num_user_candidate"]?.intValue { userCandidates = v }
        if let v = config["systemCandidates"]?.intValue ?? config["num_system_candidate"]?.intValue { systemCandidates = v }
        if let v = config["userTopK"]?.intValue ?? config["user_top_k"]?.intValue { topK = v }
        if let m = self.method { iterations = m.rounds(iterations) }
        switch self.method {
        case .outerOnly?:
            // No inner loop.
            userCandidates = 0
        case .sprig?:
            // Each child is scored with one user prompt per task.
            userCandidates = 0
            topK = 1
        case .ape?, .protegi?:
            // No system step; a beam of up to k prompts per task, each expanded.
            systemCandidates = 0
            userCandidates *= max(1, topK)
        default: break
        }
    }

    /// Base-model calls the whole run makes when nothing is skipped
    /// (docs/engine.md): init, inner and outer loops, then the test.
    public func expectedExamples(tasks: [EngineEvent.TaskInfo]) -> Int {
        let source = tasks.filter { $0.role == .source }
        let unseen = tasks.filter { $0.role != .source }
        let n = source.reduce(0) { $0 + $1.train }
        let m = source.reduce(0) { $0 + $1.test } + unseen.reduce(0) { $0 + $1.test }
        return n + iterations * (userCandidates * n + systemCandidates * topK * n) + 2 * m
    }

    /// Evaluations a phase runs (nodes), for "done of total".
    public func expectedEvaluations(phase: PhaseName, sourceTasks: Int, unseenTasks: Int) -> Int? {
        switch phase {
        case .initial: sourceTasks
        case .inner, .resample, .expand: sourceTasks * userCandidates
        case .outer, .generation: systemCandidates * sourceTasks * topK
        case .test: 2 * sourceTasks + 2 * unseenTasks
        default: nil
        }
    }
}
