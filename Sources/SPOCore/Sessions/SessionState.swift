/// What a session's events add up to, as the engine needs it to resume and as
/// `replay --json` prints it: a pure fold, `apply` one event after another.
/// Unknown event types are counted and otherwise ignored.
///
/// The dashboard keeps its own, richer state; this one is the engine's truth.
public struct SessionState: Sendable, Hashable {
    /// A prompt of the run, with the marks commands put on it.
    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var kind: CandidateKind
        public var text: String
        public var parent: String?
        public var task: String?
        public var origin: CandidateOrigin
        public var analysis: String?
        public var pinned = false
        public var pruned = false
        /// `seq` of its `candidate_created` event.
        public var createdSeq: Int
    }

    /// A node on a split.
    public struct ScoreKey: Sendable, Hashable, Comparable {
        public var node: NodeRef
        public var split: Split

        public init(node: NodeRef, split: Split) {
            self.node = node
            self.split = split
        }

        public static func < (a: ScoreKey, b: ScoreKey) -> Bool { (a.node, a.split.rawValue) < (b.node, b.split.rawValue) }
    }

    // Run
    public var run: String?
    public var method: String?
    public var config: JSONValue = [:]
    public var tasks: [EngineEvent.TaskInfo] = []
    public var models: [String: String] = [:]

    // Search
    /// Every candidate by id.
    public var candidates: [String: Candidate] = [:]
    /// Candidate ids in the order they were created.
    public var candidateOrder: [String] = []
    public var analyses: [String: EngineEvent.AnalysisCreated] = [:]
    /// The latest finished evaluation of each node on each split.
    public var scores: [ScoreKey: EngineEvent.EvaluationFinished] = [:]
    /// Evaluations started but not finished (latest progress).
    public var inFlight: [ScoreKey: EngineEvent.EvaluationProgress] = [:]
    /// Kept user-prompt ids per task, best first (from the latest selection naming the task).
    public var kept: [String: [String]] = [:]
    /// The system prompt in use: the latest selection's, or the first initial one.
    public var currentSystem: String?
    /// Set by `run_finished`.
    public var bestSystem: String?
    public var iteration = 0
    public var phase: PhaseName?
    /// True between `phase_started` and `phase_finished` of the same phase.
    public var inPhase = false
    public var rejections = 0

    // Run status
    /// Latest totals per model role.
    public var usage: [String: EngineEvent.Usage] = [:]
    public var commands: [EngineEvent.Command] = []
    public var budgetsReached: [EngineEvent.BudgetReached] = []
    /// Base-model calls racing has saved so far (the latest `race` event's `saved`).
    public var callsSaved = 0
    public var warnings = 0
    public var errors = 0
    public var lastWarning: String?
    public var lastError: String?
    public var paused = false
    public var finished = false
    public var stopped: EngineEvent.Stopped?
    public var summary: JSONValue?

    // Position
    public var lastSeq = 0
    public var lastT = 0.0
    public var eventCount = 0
    public var unknownEvents = 0

    public init() {}

    /// Folds events in order.
    public init(folding records: some Sequence<EventRecord>) {
        for r in records { apply(r) }
    }

    /// Applies an event with its `seq` and `t`.
    public mutating func apply(_ record: EventRecord) {
        lastSeq = record.seq
        lastT = record.t
        apply(record.event, seq: record.seq)
    }

    /// Applies an event; `seq` is only used to date candidates.
    public mutating func apply(_ event: EngineEvent, seq: Int? = nil) {
        eventCount += 1
        if stopped != nil, event.showsTheRunGoingOn { stopped = nil }
        switch event {
        case .runStarted(let e):
            // A resume may start the run again; what was found so far stays.
            run = e.run
            method = e.method
            config = e.config
            tasks = e.tasks
            models = e.models
            stopped = nil
            finished = false
            paused = false
        case .candidateCreated(let e):
            if candidates[e.id] == nil { candidateOrder.append(e.id) }
            let previous = candidates[e.id]
            candidates[e.id] = Candidate(
                id: e.id, kind: e.kind, text: e.text, parent: e.parent, task: e.task, origin: e.origin, analysis: e.analysis,
                pinned: previous?.pinned ?? false, pruned: previous?.pruned ?? false, createdSeq: seq ?? lastSeq)
            if e.kind == .system, currentSystem == nil, e.origin == .initial { currentSystem = e.id }
        case .phaseStarted(let e):
            iteration = e.iteration
            phase = e.phase
            inPhase = true
        case .phaseFinished(let e):
            iteration = e.iteration
            phase = e.phase
            inPhase = false
        case .evaluationProgress(let e):
            inFlight[ScoreKey(node: e.node, split: e.split)] = e
        case .evaluationFinished(let e):
            let key = ScoreKey(node: e.node, split: e.split)
            inFlight[key] = nil
            scores[key] = e
        case .analysisCreated(let e):
            analyses[e.id] = e
        case .candidateRejected:
            rejections += 1
        case .selection(let e):
            iteration = e.iteration
            for (task, ids) in e.kept { kept[task] = ids }
            currentSystem = e.currentSystem
        case .command(let e):
            commands.append(e)
            guard let id = e.id else { break }
            switch e.command {
            case "pin": candidates[id]?.pinned = true
            case "prune": candidates[id]?.pruned = true
            default: break
            }
        case .usage(let e):
            usage[e.role] = e
        case .warning(let message):
            warnings += 1
            lastWarning = message
        case .commandRefused(let r):
            warnings += 1
            lastWarning = r.sentence
        case .error(let message):
            errors += 1
            lastError = message
        case .paused:
            paused = true
        case .resumed:
            paused = false
        case .budgetReached(let e):
            budgetsReached.append(e)
        case .race(let e):
            callsSaved = e.saved
        case .runFinished(let e):
            finished = true
            bestSystem = e.bestSystem
            summary = e.summary
        case .stopped(let e):
            stopped = e
        case .unknown:
            unknownEvents += 1
        }
    }

    // MARK: questions the engine asks

    /// The best system prompt known: the final one, else the one in use.
    public var bestSoFar: String? { bestSystem ?? currentSystem }

    /// "finished", "stopped", "paused" or "running".
    public var status: String {
        if finished { return "finished" }
        if stopped != nil { return "stopped" }
        if paused { return "paused" }
        return "running"
    }

    /// The next free id with this prefix ("S", "U", "A"): one past the highest used.
    public func nextID(_ prefix: String) -> String {
        var highest = 0
        let ids = prefix == "A" ? Array(analyses.keys) : candidateOrder
        for id in ids where id.hasPrefix(prefix) {
            if let n = Int(id.dropFirst(prefix.count)) { highest = max(highest, n) }
        }
        return "\(prefix)\(highest + 1)"
    }

    /// A node's latest score on a split.
    public func score(_ node: NodeRef, split: Split) -> EngineEvent.EvaluationFinished? {
        scores[ScoreKey(node: node, split: split)]
    }

    /// User-prompt candidates of a task, in creation order.
    public func userCandidates(task: String) -> [Candidate] {
        candidateOrder.compactMap { candidates[$0] }.filter { $0.kind == .user && $0.task == task }
    }

    // MARK: JSON for `replay --json`

    /// The folded state as one JSON document, in a stable order.
    public var jsonValue: JSONValue {
        var w = EventFieldWriter()
        w.add("run", orNull: run)
        w.add("method", orNull: method)
        w.add("status", status)
        w.add("iteration", iteration)
        w.add("phase", orNull: phase?.rawValue)
        w.add("current_system", orNull: currentSystem)
        w.add("best_system", orNull: bestSystem)
        w.add("last_seq", lastSeq)
        w.add("t", lastT)
        w.add("events", eventCount)
        w.add("tasks", .array(tasks.map(\.json)))
        w.add("candidates", .array(candidateOrder.compactMap { candidates[$0] }.map { c -> JSONValue in
            var cw = EventFieldWriter()
            cw.add("id", c.id)
            cw.add("kind", c.kind.rawValue)
            cw.add("parent", orNull: c.parent)
            cw.add("task", orNull: c.task)
            cw.add("origin", c.origin.rawValue)
            cw.add("analysis", ifPresent: c.analysis)
            cw.add("pinned", c.pinned)
            cw.add("pruned", c.pruned)
            cw.add("text", c.text)
            return cw.value
        }))
        w.add("kept", JSONValue(sortedKeys: kept.mapValues { .array($0.map(JSONValue.string)) }))
        w.add("scores", .array(scores.keys.sorted().compactMap { key -> JSONValue? in
            guard let s = scores[key] else { return nil }
            var sw = EventFieldWriter()
            sw.add("node", s.node.fieldsValue)
            sw.add("split", s.split.rawValue)
            sw.add("score", s.score)
            sw.add("n", s.n)
            sw.add("low", ifPresent: s.low)
            sw.add("high", ifPresent: s.high)
            sw.add("correct", ifPresent: s.correct)
            return sw.value
        }))
        w.add("usage", JSONValue(sortedKeys: usage.mapValues { $0.fieldsValue }))
        w.add("warnings", warnings)
        w.add("errors", errors)
        w.add("rejected", rejections)
        if let stopped { w.add("stopped", stopped.fieldsValue) }
        if let summary { w.add("summary", summary) }
        return w.value
    }
}
