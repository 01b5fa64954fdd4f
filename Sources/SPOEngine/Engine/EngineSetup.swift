public import SPOCore
public import SPOModelInterface

/// Everything an engine needs to run: config, tasks, models and meta-prompts.
public struct EngineSetup: Sendable {
    public var config: RunConfig
    public var sourceTasks: [SPOTask]
    public var unseenTasks: [SPOTask]
    public var base: any LanguageModel
    public var optimizer: any LanguageModel
    public var prompts: MetaPromptSet
    /// Usage counters to report in `usage` events (nil: none reported).
    public var meter: UsageMeter?
    public var runID: String
    /// Model names for `run_started`.
    public var modelNames: [ModelRole: String]
    /// Optimizer replies tried per candidate before it is skipped.
    public var optimizerAttempts: Int
    /// The config as written to the session (secrets already removed).
    public var configJSON: JSONValue
    /// Base-model requests the endpoints serve at once; more only queue.
    public var baseConcurrency: Int
    /// The `sprig` component library; nil loads `prompts/sprig_components.yaml`.
    public var components: ComponentLibrary?
    /// Score each task's best user prompt on the test split after every
    /// iteration, not only at the end (`protegi`, for `metaspo adapt`'s curves).
    public var testEachIteration: Bool
    /// Let a race round's idle slots ask the next round's examples of the
    /// racers sure to survive (on by default; off to measure what it gains).
    public var askAhead = true

    public init(
        config: RunConfig, sourceTasks: [SPOTask], unseenTasks: [SPOTask] = [], base: any LanguageModel,
        optimizer: any LanguageModel, prompts: MetaPromptSet, meter: UsageMeter? = nil, runID: String,
        modelNames: [ModelRole: String] = [:], optimizerAttempts: Int = 3, configJSON: JSONValue = [:],
        baseConcurrency: Int? = nil, components: ComponentLibrary? = nil, testEachIteration: Bool = false
    ) {
        self.config = config
        self.sourceTasks = sourceTasks
        self.unseenTasks = unseenTasks
        // The input ablation changes how every base request is put, nothing else.
        self.base = config.unifiedInput ? UnifiedInputModel(base) : base
        self.optimizer = optimizer
        self.prompts = prompts
        self.meter = meter
        self.runID = runID
        self.modelNames = modelNames
        self.optimizerAttempts = max(1, optimizerAttempts)
        self.configJSON = configJSON
        self.baseConcurrency = max(1, baseConcurrency ?? config.base.maxInFlight * (1 + config.base.extraEndpoints.count))
        self.components = components
        self.testEachIteration = testEachIteration
    }
}

/// How a run ended.
public enum EngineOutcome: Sendable {
    case finished(RunSummary)
    /// Stopped by a command (or a budget); the session can be resumed.
    case stopped(reason: String)
}

/// Thrown inside the engine to unwind to `run()` when a stop was requested.
struct StopRequested: Error {}
