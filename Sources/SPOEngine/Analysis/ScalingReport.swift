public import SPOCore

/// Source-task scaling (`metaspo analyze scaling`): runs of one method with
/// 1, 2, … source tasks, and the unseen-task score of each run's optimized
/// prompt; the point at 0 source tasks is the runs' initial prompt.
public struct ScalingReport: Sendable, Codable, Hashable {
    public struct Point: Sendable, Codable, Hashable {
        /// Number of source tasks (0: the initial prompt).
        public var sources: Int
        public var sourceTasks: [String]
        public var session: String?
        public var run: String?
        /// Score per unseen task.
        public var scores: [String: ScoreEstimate]
        /// Mean over the unseen tasks this point has.
        public var mean: ScoreEstimate?
        /// `summary` (the task's own user prompt) or `unseen` (pooled over an unseen result's user prompts).
        public var from: String
    }

    public var format = "metaspo-analysis"
    public var analysis = "scaling"
    public var version = 1
    public var method: String
    public var unseenTasks: [String]
    /// Sorted by the number of source tasks; the initial prompt first when known.
    public var points: [Point]
    public var notes: [String]

    public init(method: String, unseenTasks: [String], points: [Point], notes: [String]) {
        self.method = method
        self.unseenTasks = unseenTasks
        self.points = points
        self.notes = notes
    }

    /// Builds the points from finished sessions (with their `unseen` results
    /// when saved beside them).
    public static func build(_ sessions: [SessionDigest]) throws(SPOError) -> ScalingReport {
        guard let first = sessions.first else { throw SPOError("no sessions to compare") }
        var notes: [String] = []
        let methods = Set(sessions.map(\.method))
        if methods.count > 1 {
            notes.append("the runs used different methods (\(methods.sorted().joined(separator: ", "))): the curve mixes them")
        }
        var unseenNames: [String] = []
        var points: [Point] = []
        var initial: Point?
        for s in sessions {
            var scores: [String: ScoreEstimate] = [:]
            var initialScores: [String: ScoreEstimate] = [:]
            var from = "summary"
            if let report = try? UnseenReport.read(path: s.unseenFile) {
                from = TaskRole.unseen.rawValue
                for t in report.tasks {
                    if let o = t.system("optimized") { scores[t.task] = o.overall }
                    if let d = t.system(BaselinePrompts.defaultName) { initialScores[t.task] = d.overall }
                }
            } else if let summary = s.summary {
                for t in summary.tasks where t.role == .unseen {
                    if let o = t.optimizedTest { scores[t.task] = ScoreEstimate(score: o.score, low: o.low, high: o.high, n: o.n) }
                    if let i = t.initialTest { initialScores[t.task] = ScoreEstimate(score: i.score, low: i.low, high: i.high, n: i.n) }
                }
            } else {
                notes.append("\(s.run) has not finished and has no unseen result: left out")
                continue
            }
            if scores.isEmpty {
                notes.append("\(s.run) has no unseen-task scores (give the runs unseen tasks, or run `metaspo unseen` on them): left out")
                continue
            }
            for name in scores.keys.sorted() where !unseenNames.contains(name) { unseenNames.append(name) }
            points.append(Point(
                sources: s.sourceTasks.count, sourceTasks: s.sourceTasks.map(\.name), session: s.path, run: s.run, scores: scores,
                mean: ScoreEstimate.mean(scores.keys.sorted().map { scores[$0]! }), from: from))
            if initial == nil, !initialScores.isEmpty {
                initial = Point(
                    sources: 0, sourceTasks: [], session: nil, run: nil, scores: initialScores,
                    mean: ScoreEstimate.mean(initialScores.keys.sorted().map { initialScores[$0]! }), from: from)
            }
        }
        let counts = points.map(\.sources)
        if Set(counts).count < counts.count { notes.append("several runs have the same number of source tasks; each is its own row") }
        for p in points where Set(p.scores.keys) != Set(unseenNames) {
            notes.append("\(p.run ?? "a run") has scores for \(p.scores.count) of the \(unseenNames.count) unseen tasks; its mean covers those")
        }
        let sorted = points.enumerated().sorted { ($0.element.sources, $0.offset) < ($1.element.sources, $1.offset) }.map(\.element)
        return ScalingReport(method: first.method, unseenTasks: unseenNames, points: (initial.map { [$0] } ?? []) + sorted, notes: notes)
    }
}
