/// Everything the events of a run add up to: the one fold of the event log
/// (`apply` one record after another), so a live run, a replayed session, the
/// report, `sessions` and `replay --json` all read the same picture. Unknown
/// event types are counted and otherwise ignored. What a view shows of it (the
/// dashboard's log wording, the report's tables) lives with the view.
public struct RunModel: Sendable, Hashable {
    // Run header
    public var runID: String?
    public var method: String?
    /// The run's configuration as `run_started` wrote it.
    public var config: JSONValue = [:]
    public var models: [ModelRole: String] = [:]
    public var tasks: [EngineEvent.TaskInfo] = []
    public var plan = RunPlan()

    // Search
    public var candidates: [String: CandidateEntry] = [:]
    /// Candidate ids in creation order.
    public var order: [String] = []
    /// System prompt ids in creation order.
    public var systems: [String] = []
    public var analyses: [String: AnalysisEntry] = [:]
    public var analysisOrder: [String] = []
    /// Latest finished evaluation per node and split.
    public var scores: [ScoreKey: ScoreEntry] = [:]
    /// Whether any evaluation reported its answers' cost (sessions from before
    /// it was recorded have none, and their views stay as they were).
    public var hasAnswerCost = false
    /// Where the run compares candidates: "val" when a source task has a
    /// validation split (`val_size`), else "train" (`run_started`).
    public var selectionSplit: Split = .train
    /// Whether the run compares candidates on a validation split.
    public var validates: Bool { selectionSplit == .val }
    /// Every acceptance decision of the run, in order (`selection.decisions`).
    public var decisions: [EngineEvent.Decision] = []
    /// The system prompts the latest selection keeps besides the current one:
    /// a Pareto front (`selection: pareto`) or a population (`sprig`), best first.
    public var population: [String] = []
    /// Wrong answers per node on the train split (what analyses are made from).
    public var wrong: [NodeRef: [EngineEvent.WrongExample]] = [:]
    /// Evaluations under way, latest progress.
    public var inFlight: [ScoreKey: EngineEvent.EvaluationProgress] = [:]
    /// Kept user prompts per task, best first (latest selection).
    public var kept: [String: [String]] = [:]
    /// Every distinct kept set in order, for scoring system prompts on the set
    /// they were compared on.
    public var keptHistory: [[String: [String]]] = []
    public var currentSystem: String?
    public var bestSystem: String?
    /// Per task, the best train score after init (0) and each iteration.
    public var taskSeries: [String: [Int: Double]] = [:]
    public var rejectedTotal = 0
    /// User prompts scored (or being scored) under each system prompt, per
    /// task, in creation order: the tree's children, kept up to date by `apply`
    /// so drawing never scans every score.
    public var nodeUsers: [String: [String: [String]]] = [:]
    /// User prompts not yet scored on train, in creation order.
    public var unscoredUsers: [String] = []

    // Progress
    public var iteration = 0
    public var phase: PhaseName?
    public var inPhase = false
    /// Evaluations finished since the phase started: a node counts when all
    /// its examples are answered (its last progress tick), not only when its
    /// `evaluation_finished` comes, which a batch (the test phase) sends at its end.
    public var phaseEvaluations = 0
    /// The nodes counted in `phaseEvaluations`.
    public var phaseCounted: Set<ScoreKey> = []
    /// The evaluation that reported progress last (the progress line shows it).
    public var latestProgress: ScoreKey?
    /// Examples scored in finished evaluations.
    public var examplesDone = 0
    /// The task being worked on (latest evaluation or candidate).
    public var currentTask: String?

    // Status
    public var usage: [ModelRole: EngineEvent.Usage] = [:]
    /// Commands the engine accepted, in order.
    public var commands: [EngineEvent.Command] = []
    public var warnings = 0
    public var errors = 0
    public var lastWarning: String?
    public var lastError: String?
    public var paused = false
    /// Seconds spent paused (finished pauses), and when the pause under way began.
    public var pausedSeconds = 0.0
    public var pausedSince: Double?
    public var finished = false
    public var stopped: EngineEvent.Stopped?
    public var budgetsReached: [EngineEvent.BudgetReached] = []
    /// Base-model calls racing has saved so far (latest `race` event).
    public var callsSaved = 0
    /// Candidates a race dropped early, by id.
    public var raceDrops: [String: RaceDrop] = [:]
    public var summary: JSONValue?
    public var lastSeq = 0
    public var lastT = 0.0
    public var eventCount = 0
    /// Events of a type this version does not know.
    public var unknownEvents = 0

    public init() {}

    public init(folding records: some Sequence<EventRecord>) {
        for r in records { apply(r) }
    }

    public var sourceTasks: [EngineEvent.TaskInfo] { tasks.filter { $0.role == .source } }
    public var unseenTasks: [EngineEvent.TaskInfo] { tasks.filter { $0.role != .source } }

    /// "running", "paused", "finished", "stopped", or "waiting" before `run_started`.
    public var status: String {
        if finished { return "finished" }
        if stopped != nil { return "stopped" }
        if paused { return "paused" }
        return runID == nil ? "waiting" : "running"
    }

    public var isOver: Bool { finished || stopped != nil }
}
