public import SPOCore

/// One session as the report shows it: the file's header, the run folded by
/// the one fold, `RunModel` (so the report and the dashboard agree on every
/// score and mark), and the train questions when the task data could be found
/// again (events carry only example indices).
public struct ReportSession: Sendable {
    /// How the session is named in the report (its file name).
    public var name: String
    public var header: SessionHeader
    public var run: RunModel
    /// Train questions per task, by example index.
    public var questions: [String: [String]]
    /// Problems met while reading the file (a cut-off last line, skipped lines).
    public var notes: [String]

    public init(name: String, header: SessionHeader, records: some Sequence<EventRecord>, questions: [String: [String]] = [:], notes: [String] = []) {
        self.name = name
        self.header = header
        run = RunModel(folding: records)
        self.questions = questions
        self.notes = notes
    }

    /// The run's id, else the file name.
    public var title: String { run.runID ?? name }

    /// The first system prompt the run started from.
    public var initialSystem: String? {
        run.systems.first { run.candidates[$0]?.origin == .initial } ?? run.systems.first
    }

    /// A task's starting user prompt.
    public func initialUser(_ task: String) -> String? {
        run.order.first {
            guard let c = run.candidates[$0] else { return false }
            return c.kind == .user && c.task == task && c.origin == .initial
        }
    }

    /// The last iteration the charts' x axis reaches: what the config plans,
    /// or further when the run went further.
    public var iterationAxis: Int {
        var top = max(1, run.plan.iterations, run.iteration)
        for t in run.tasks { top = max(top, run.taskSeries[t.name]?.keys.max() ?? 0) }
        return top
    }

    /// What each task ended with, in the run's task order.
    public var outcomes: [TaskOutcome] {
        run.tasks.map { outcome($0) }
    }

    func outcome(_ t: EngineEvent.TaskInfo) -> TaskOutcome {
        let unseen = t.role != .source
        let s0 = initialSystem
        let u0 = initialUser(t.name)
        let best = run.bestSoFar
        let bestUser = unseen ? u0 : (run.kept[t.name]?.first ?? u0)
        func score(_ s: String?, _ u: String?, _ split: Split) -> ScoreEntry? {
            guard let s, let u else { return nil }
            return run.score(system: s, user: u, task: t.name, split: split)
        }
        let series = (run.taskSeries[t.name] ?? [:]).sorted { $0.key < $1.key }.map { TaskOutcome.Point(iteration: $0.key, score: $0.value) }
        return TaskOutcome(
            task: t.name, role: t.role, metric: metric(t.name), trainSize: t.train, valSize: t.val, testSize: t.test,
            series: series, initialUser: u0, bestUser: bestUser,
            initialTrain: score(s0, u0, .train), bestTrain: score(best, bestUser, .train),
            initialVal: score(s0, u0, .val), bestVal: score(best, bestUser, .val),
            testBefore: score(s0, u0, .test), testAfter: score(best, bestUser, .test))
    }

    /// The task's metric, from the run summary (events do not carry it).
    func metric(_ task: String) -> String? {
        run.summary?["tasks"]?.arrayValue?.first { $0["task"]?.stringValue == task }?["metric"]?.stringValue
    }

    /// The candidate and its ancestors, the oldest first.
    public func lineage(_ id: String) -> [String] {
        var chain: [String] = []
        var seen = Set<String>()
        var next: String? = id
        while let c = next, run.candidates[c] != nil, seen.insert(c).inserted {
            chain.append(c)
            next = run.candidates[c]?.parent
        }
        return chain.reversed()
    }

    /// The candidates the run ended with: the best system prompt, then each
    /// source task's kept user prompts, best first.
    public var keptCandidates: [String] {
        var out: [String] = []
        if let s = run.bestSoFar { out.append(s) }
        for t in run.sourceTasks { out += run.kept[t.name] ?? [] }
        return out
    }
}
