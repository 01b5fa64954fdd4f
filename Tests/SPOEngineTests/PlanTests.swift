import Foundation
import SPOCore
import SPOBuiltins
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

/// `metaspo plan`'s projections: the formula, and runs on the simulated endpoint.
struct PlanTests {
    @Test func paperDefaultsGiveThePaperCount() throws {
        var cfg = RunConfig()
        cfg.testSize = 100
        let tasks = (0..<4).map { ScriptedModel.task("t\($0)", train: 50, test: 100, offset: 1000 * $0) }
        let plan = RunPlanner.project(config: cfg, sourceTasks: tasks, unseenTasks: [])
        // 4 tasks × 50: 200 + 3 × (4·3·50 + 9·4·3·50) = 18,200 for training, then 2 × 4 × 100 for the test.
        #expect(plan.exhaustive.baseCalls == CallRange(exactly: 18_200 + 800))
        #expect(plan.exhaustive.optimizerCalls.low == 3 * (2 * 4 * 3 + 2 * 9))
        #expect(plan.exhaustive.optimizerCalls.high == 3 * (4 * 4 * 3 + 4 * 9))
        // Racing: the outer loop halves 9 candidates over 38, 75, 150, 300, 600 examples.
        #expect(plan.racing.baseCalls.high == 200 + 3 * (600 + 1352) + 800)
        #expect(plan.racing.baseCalls.low < plan.racing.baseCalls.high)
        #expect(plan.exhaustive.costHighUSD == 0, "no prices: nothing to pay")
        // The embedded model's measured speed: 1.8 s per base call, one at a time.
        #expect(plan.exhaustive.secondsLow > 19_000 * 1.8)
    }

    @Test func pricesGiveCost() throws {
        var cfg = RunConfig()
        cfg.base.baseURL = "http://127.0.0.1:1/v1"
        cfg.base.model = "small"
        cfg.optimizer.baseURL = "http://127.0.0.1:1/v1"
        cfg.optimizer.model = "big"
        cfg.prices = ["small": ModelPrice(inputPerMTok: 1, outputPerMTok: 2), "big": ModelPrice(inputPerMTok: 10, outputPerMTok: 20)]
        let plan = RunPlanner.project(config: cfg, sourceTasks: [ScriptedModel.task("a", train: 50)], unseenTasks: [])
        #expect(plan.exhaustive.costLowUSD > 0 && plan.exhaustive.costHighUSD >= plan.exhaustive.costLowUSD)
        #expect(plan.racing.costHighUSD < plan.exhaustive.costHighUSD)
        #expect(plan.assumptions.baseParallel == cfg.base.maxInFlight)
    }

    @Test(arguments: SearchMethod.allCases)
    func everyMethodHasAFormulaThatMatchesItsRun(method: SearchMethod) async throws {
        let tasks = ["object_counting", "navigate"].compactMap { BuiltinTasks.task(named: $0) }
        let prompts = try MetaPromptSet.load()
        for strategy in SearchStrategy.allCases {
            let cfg = RunConfig.small(system: 3, strategy: strategy, method: method)
            let model = SimulatedModel(tasks: tasks, settings: .init(malformedOptimizerShare: 0), prompts: prompts)
            let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: model, optimizer: model, prompts: prompts, runID: "plan-\(method)")
            let outcome = try await Engine(setup: setup, sink: MemorySink()).run()
            guard case .finished = outcome else { throw SPOError("\(method) did not finish: \(outcome)") }
            let plan = RunPlanner.project(config: cfg, sourceTasks: tasks, unseenTasks: [], prompts: prompts)
            let projected = strategy == .racing ? plan.racing : plan.exhaustive
            // Rewrites that repeat a prompt are not scored, so a run may make fewer calls than the formula.
            let low = Int((0.9 * Double(projected.baseCalls.low)).rounded(.down))
            #expect(model.baseCalls >= low && model.baseCalls <= projected.baseCalls.high, "\(method) \(strategy): \(model.baseCalls) base calls, planned \(projected.baseCalls)")
            #expect(model.optimizerCalls <= projected.optimizerCalls.high, "\(method) \(strategy): \(model.optimizerCalls) optimizer calls, planned \(projected.optimizerCalls)")
        }
    }

    @Test(arguments: SearchStrategy.allCases)
    func planAgreesWithARunOnTheSimulatedEndpoint(strategy: SearchStrategy) async throws {
        let names = ["object_counting", "navigate"]
        let tasks = names.compactMap { BuiltinTasks.task(named: $0) }
        let sim = try await SimulatedEndpoint.start(builtin: names)
        defer { Task { await sim.stop() } }
        var cfg = RunConfig.small(system: 4, strategy: strategy)
        cfg.base.baseURL = sim.baseURL
        cfg.base.model = "sim"
        let client = try OpenAIClient(.init(endpoints: [sim.baseURL], model: "sim", maxInFlight: 8))
        let prompts = try MetaPromptSet.load()
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: client, optimizer: client, prompts: prompts, runID: "plan-\(strategy)")
        let outcome = try await Engine(setup: setup, sink: MemorySink()).run()
        guard case .finished = outcome else { throw SPOError("run did not finish: \(outcome)") }
        let counts = sim.counts
        let plan = RunPlanner.project(config: cfg, sourceTasks: tasks, unseenTasks: [], prompts: prompts)
        let projected = strategy == .racing ? plan.racing : plan.exhaustive
        if strategy == .racing {
            #expect(projected.baseCalls.contains(counts.base), "\(counts.base) base calls, planned \(projected.baseCalls)")
        } else {
            #expect(projected.baseCalls.isExact)
            let error = abs(Double(counts.base - projected.baseCalls.low)) / Double(projected.baseCalls.low)
            #expect(error <= 0.10, "\(counts.base) base calls, planned \(projected.baseCalls.low)")
        }
        // Optimizer calls: two per candidate, more when replies are malformed; an
        // analysis without its tag ends the candidate after one call.
        let optimizer = projected.optimizerCalls
        #expect(Double(counts.optimizer) >= 0.9 * Double(optimizer.low) && counts.optimizer <= optimizer.high,
            "\(counts.optimizer) optimizer calls, planned \(optimizer)")
    }

    /// Issue 18: with a validation split the plan counts validation scoring
    /// and the train scoring of the prompts that win, and a run stays inside it.
    @Test(arguments: [SearchMethod.metaspo, .outerOnly], SearchStrategy.allCases)
    func aValidationRunStaysInsideItsPlan(method: SearchMethod, strategy: SearchStrategy) async throws {
        let tasks = ["object_counting", "navigate"].compactMap { BuiltinTasks.task(named: $0) }
        let prompts = try MetaPromptSet.load()
        var cfg = RunConfig.small(train: 12, system: 3, strategy: strategy, method: method)
        cfg.valSize = 10
        let model = SimulatedModel(tasks: tasks, settings: .init(malformedOptimizerShare: 0), prompts: prompts)
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: model, optimizer: model, prompts: prompts, runID: "plan-val")
        let outcome = try await Engine(setup: setup, sink: MemorySink()).run()
        guard case .finished = outcome else { throw SPOError("\(method) did not finish: \(outcome)") }
        let plan = RunPlanner.project(config: cfg, sourceTasks: tasks, unseenTasks: [], prompts: prompts)
        let projected = strategy == .racing ? plan.racing : plan.exhaustive
        #expect(projected.phases.first?.base == CallRange(exactly: 2 * (12 + 10)))
        let low = Int((0.9 * Double(projected.baseCalls.low)).rounded(.down))
        #expect(model.baseCalls >= low && model.baseCalls <= projected.baseCalls.high, "\(model.baseCalls) base calls, planned \(projected.baseCalls)")
    }

    /// Issue 21: a pareto run stays inside its plan.
    @Test func aParetoRunStaysInsideItsPlan() async throws {
        let tasks = ["object_counting", "navigate"].compactMap { BuiltinTasks.task(named: $0) }
        let prompts = try MetaPromptSet.load()
        var cfg = RunConfig.small(train: 12, system: 3, strategy: .racing)
        cfg.selection = .pareto
        let model = SimulatedModel(tasks: tasks, settings: .init(malformedOptimizerShare: 0), prompts: prompts)
        let setup = EngineSetup(config: cfg, sourceTasks: tasks, base: model, optimizer: model, prompts: prompts, runID: "plan-pareto")
        guard case .finished = try await Engine(setup: setup, sink: MemorySink()).run() else { throw SPOError("did not finish") }
        let plan = RunPlanner.project(config: cfg, sourceTasks: tasks, unseenTasks: [], prompts: prompts)
        let low = Int((0.9 * Double(plan.racing.baseCalls.low)).rounded(.down))
        #expect(model.baseCalls >= low && model.baseCalls <= plan.racing.baseCalls.high, "\(model.baseCalls) base calls, planned \(plan.racing.baseCalls)")
    }
}
