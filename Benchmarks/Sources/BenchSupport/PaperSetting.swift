import Foundation
public import SPOCore
import SPOBuiltins
public import SPOEngine
public import SPOModels
import SPOTestSupport

/// The paper's default search (4 source tasks × 50 train examples, 3 iterations,
/// 9 system and 3 user candidates, top-3) on built-in tasks that the simulated
/// endpoint knows.
public enum PaperSetting {
    public static let tasks = ["object_counting", "navigate", "web_of_lies", "date_arithmetic"]

    public static func sourceTasks() -> [SPOTask] { tasks.compactMap { BuiltinTasks.task(named: $0) } }

    /// The paper's search; `testSize` 0 skips the test phase (the paper's
    /// 18,200 counts training only).
    public static func config(seed: UInt64, strategy: SearchStrategy, testSize: Int = 0, maxInFlight: Int = 16) -> RunConfig {
        var c = RunConfig()
        c.trainSize = 50
        c.testSize = testSize
        c.iterations = 3
        c.systemCandidates = 9
        c.userCandidates = 3
        c.userTopK = 3
        c.seed = seed
        c.strategy = strategy
        c.base.model = "sim"
        c.optimizer.model = "sim"
        c.base.maxInFlight = maxInFlight
        return c
    }

    /// Runs the engine to the end with every event kept in memory.
    public static func run(
        _ cfg: RunConfig, tasks: [SPOTask], base: any LanguageModel, optimizer: any LanguageModel, baseConcurrency: Int? = nil,
        meter: UsageMeter? = nil, askAhead: Bool = true
    ) async throws -> (RunSummary, MemorySink) {
        var setup = EngineSetup(
            config: cfg, sourceTasks: tasks, base: base, optimizer: optimizer, prompts: try MetaPromptSet.load(), meter: meter,
            runID: "bench-\(cfg.strategy)-\(cfg.seed)", baseConcurrency: baseConcurrency)
        setup.askAhead = askAhead
        let sink = MemorySink()
        let outcome = try await Engine(setup: setup, sink: sink).run()
        guard case .finished(let summary) = outcome else { throw SPOError("the run did not finish: \(outcome)") }
        return (summary, sink)
    }

    /// The final system prompt and each task's best user prompt, as texts.
    public static func finalPrompts(_ sink: MemorySink) -> (system: String, users: [String: String]) {
        var texts: [String: String] = [:]
        var last: EngineEvent.Selection?
        for r in sink.records {
            switch r.event {
            case .candidateCreated(let c): texts[c.id] = c.text
            case .selection(let s): last = s
            default: break
            }
        }
        guard let last else { return ("", [:]) }
        return (texts[last.currentSystem] ?? "", last.kept.compactMapValues { $0.first.flatMap { texts[$0] } })
    }
}
