public import SPOCore

/// Test score per iteration of one task's best user prompt, read from the events
/// of a `protegi` run made with `EngineSetup.testEachIteration` (what
/// `metaspo adapt` draws for each unseen task and system prompt).
public struct AdaptationCurve: Sendable, Codable, Hashable {
    public struct Point: Sendable, Codable, Hashable {
        /// 0 is the task's own user prompt, before any adaptation.
        public var iteration: Int
        /// The best user prompt after this iteration.
        public var user: String
        public var train: Double?
        public var test: Double?
        /// The 95% interval of the test score and the examples behind it.
        public var low: Double?
        public var high: Double?
        public var n: Int?
    }

    public var task: String
    public var system: String
    public var points: [Point]

    public init(task: String, system: String, points: [Point]) {
        self.task = task
        self.system = system
        self.points = points
    }

    /// The curve of `task` in a run's events: one point per `selection` of the
    /// `init` and `expand` phases (the last one of each iteration), scored with
    /// the `evaluation_finished` events of its best node.
    public static func read(_ events: [EngineEvent], task: String) -> AdaptationCurve {
        struct Key: Hashable {
            var node: NodeRef
            var split: Split
        }
        var scores: [Key: EngineEvent.EvaluationFinished] = [:]
        var best: [Int: NodeRef] = [:]
        var system = ""
        for e in events {
            switch e {
            case .evaluationFinished(let f): scores[Key(node: f.node, split: f.split)] = f
            case .selection(let s) where s.phase == .initial || s.phase == .expand:
                guard let user = s.kept[task]?.first else { continue }
                best[s.iteration] = NodeRef(system: s.currentSystem, user: user, task: task)
                system = s.currentSystem
            default: continue
            }
        }
        let points = best.keys.sorted().map { i -> Point in
            let node = best[i]!
            let test = scores[Key(node: node, split: .test)]
            return Point(
                iteration: i, user: node.user, train: scores[Key(node: node, split: .train)]?.score,
                test: test?.score, low: test?.low, high: test?.high, n: test?.n)
        }
        return AdaptationCurve(task: task, system: system, points: points)
    }

    /// The last point with a test score.
    public var final: Point? { points.last { $0.test != nil } }
}
