import SPOCore

/// A search method as a value: what it does between the runtime's `init`
/// phase (the initial prompts scored) and its `test` phase. It runs isolated
/// to the engine, so it reads and changes `engine.search` directly, in the
/// order the event log needs (resume replays it event for event).
///
/// `SearchMethod.procedure(setup:)` picks one; adding a method means a value
/// here and its steps as `Engine` extensions in `Methods/`.
protocol SearchProcedure: Sendable {
    func search(_ engine: isolated Engine) async throws
}

extension SearchMethod {
    /// The method's procedure. Throws before the `init` phase (right after
    /// `run_started`) when what it needs cannot be read (SPRIG's component
    /// library), as the method did when its loop was an engine extension.
    func procedure(setup: EngineSetup) throws -> any SearchProcedure {
        switch self {
        case .metaspo, .outerOnly, .metaspoAPE, .metaspoEvo:
            MetaSPOProcedure(inner: loops?.inner, outer: loops?.outer ?? .rewrite, iterations: rounds(setup.config.iterations))
        case .ape: APEProcedure()
        case .protegi: ProTeGiProcedure()
        case .sprig: SPRIGProcedure(library: try setup.components ?? ComponentLibrary.load())
        }
    }
}

/// MetaSPO and its variants: each iteration an inner step (user prompts per
/// task; none for outer-only) and an outer step (the shared system prompt).
struct MetaSPOProcedure: SearchProcedure {
    var inner: InnerStep?
    var outer: OuterStep
    /// The paper doubles the iterations when only the outer loop runs.
    var iterations: Int

    func search(_ engine: isolated Engine) async throws {
        for i in 1...max(1, iterations) where iterations > 0 {
            if try engine.endsSaturated(before: i, of: iterations) { break }
            engine.search.iteration = i
            if let inner { try await engine.innerStep(inner) }
            try await engine.outerStep(outer)
            engine.recordHistory()
            try await engine.reportUsage()
        }
    }
}

/// APE (baseline): each iteration every task's kept user prompts resampled.
struct APEProcedure: SearchProcedure {
    func search(_ engine: isolated Engine) async throws {
        let iterations = engine.config.iterations
        for i in 1...max(1, iterations) where iterations > 0 {
            engine.search.iteration = i
            try engine.emit(.phaseStarted(.init(iteration: i, phase: .resample)))
            for (taskIndex, task) in engine.setup.sourceTasks.enumerated() {
                try await engine.checkpoint()
                let beam = engine.search.kept[task.name] ?? []
                try await engine.userStep(task: task) { try await engine.resampleUsers(task: task, taskIndex: taskIndex, parents: beam) }
            }
            try engine.emit(.selection(.init(iteration: i, phase: .resample, kept: engine.search.kept, currentSystem: engine.search.currentSystem)))
            try engine.emit(.phaseFinished(.init(iteration: i, phase: .resample)))
            engine.recordHistory()
            try await engine.reportUsage()
        }
    }
}

/// ProTeGi (baseline): each iteration every task's beam expanded by textual
/// gradients and edits; optionally the best prompts tested each iteration.
struct ProTeGiProcedure: SearchProcedure {
    func search(_ engine: isolated Engine) async throws {
        if engine.setup.testEachIteration { try await engine.testBest() }
        let iterations = engine.config.iterations
        for i in 1...max(1, iterations) where iterations > 0 {
            engine.search.iteration = i
            try engine.emit(.phaseStarted(.init(iteration: i, phase: .expand)))
            for (taskIndex, task) in engine.setup.sourceTasks.enumerated() {
                try await engine.checkpoint()
                let beam = engine.search.kept[task.name] ?? []
                try await engine.userStep(task: task) { try await engine.expandBeam(task: task, taskIndex: taskIndex, beam: beam) }
            }
            try engine.emit(.selection(.init(iteration: i, phase: .expand, kept: engine.search.kept, currentSystem: engine.search.currentSystem)))
            try engine.emit(.phaseFinished(.init(iteration: i, phase: .expand)))
            engine.recordHistory()
            if engine.setup.testEachIteration { try await engine.testBest() }
            try await engine.reportUsage()
        }
    }
}

/// SPRIG (baseline): a genetic search over system prompts built from
/// components; the population's best becomes the current prompt.
struct SPRIGProcedure: SearchProcedure {
    var library: ComponentLibrary

    func search(_ engine: isolated Engine) async throws {
        var population = [engine.search.currentSystem]
        let generations = engine.config.method.rounds(engine.config.iterations)
        for g in 1...max(1, generations) where generations > 0 {
            engine.search.iteration = g
            try engine.emit(.phaseStarted(.init(iteration: g, phase: .generation)))
            try await engine.checkpoint()
            population = population.filter { engine.search.candidates[$0]?.pruned == false }
            if population.isEmpty { population = [engine.search.currentSystem] }
            var newIDs = engine.search.manualSystems
            engine.search.manualSystems = []
            newIDs += try await engine.breed(population, library: library)
            for id in newIDs where engine.search.candidates[id]?.pruned == false {
                try await engine.checkpoint()
                try await engine.evaluate(engine.keptNodes(system: id), split: .train)
            }
            population = engine.survivors(population + newIDs + [engine.search.currentSystem])
            if engine.search.candidates[engine.search.currentSystem]?.pinned != true, let best = population.first, best != engine.search.currentSystem {
                engine.search.currentSystem = best
                for t in engine.setup.sourceTasks { engine.sortKept(t.name) }
            }
            try engine.emit(.selection(.init(
                iteration: g, phase: .generation, kept: engine.search.kept, currentSystem: engine.search.currentSystem, population: population)))
            try engine.emit(.phaseFinished(.init(iteration: g, phase: .generation)))
            engine.recordHistory()
            try await engine.reportUsage()
        }
    }
}
