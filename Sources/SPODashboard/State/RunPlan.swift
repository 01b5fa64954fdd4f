public import SPOCore

/// The search's size as configured, read from `run_started`'s config, for
/// progress and ETA. Missing keys fall back to the paper's defaults.
public struct RunPlan: Sendable, Hashable {
    public var iterations = 3
    public var userCandidates = 3
    public var systemCandidates = 9
    public var topK = 3
    public var method = "metaspo"

    public init() {}

    public init(config: JSONValue, method: String) {
        self.method = method
        if let v = config["iterations"]?.intValue ?? config["iteration"]?.intValue { iterations = v }
        if let v = config["userCandidates"]?.intValue ?? config["num_user_candidate"]?.intValue { userCandidates = v }
        if let v = config["systemCandidates"]?.intValue ?? config["num_system_candidate"]?.intValue { systemCandidates = v }
        if let v = config["userTopK"]?.intValue ?? config["user_top_k"]?.intValue { topK = v }
        // outer-only runs twice the iterations without an inner loop.
        if method == "outer-only" {
            iterations *= 2
            userCandidates = 0
        }
    }

    /// Base-model calls the whole run makes when nothing is skipped
    /// (docs/engine.md): init, inner and outer loops, then the test.
    public func expectedExamples(tasks: [EngineEvent.TaskInfo]) -> Int {
        let source = tasks.filter { $0.role == "source" }
        let unseen = tasks.filter { $0.role != "source" }
        let n = source.reduce(0) { $0 + $1.train }
        let m = source.reduce(0) { $0 + $1.test } + unseen.reduce(0) { $0 + $1.test }
        return n + iterations * (userCandidates * n + systemCandidates * topK * n) + 2 * m
    }

    /// Evaluations a phase runs (nodes), for "done of total".
    public func expectedEvaluations(phase: String, sourceTasks: Int, unseenTasks: Int) -> Int? {
        switch phase {
        case "init": sourceTasks
        case "inner": sourceTasks * userCandidates
        case "outer": systemCandidates * sourceTasks * topK
        case "test": 2 * sourceTasks + 2 * unseenTasks
        default: nil
        }
    }
}
