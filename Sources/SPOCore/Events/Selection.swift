extension EngineEvent {
    /// What survived a phase: the user prompts kept per task and the system
    /// prompt now in use.
    public struct Selection: Sendable, Hashable {
        public var iteration: Int
        public var phase: String
        /// Kept user-prompt ids per task, best first.
        public var kept: [String: [String]]
        public var currentSystem: String
        /// A population method's surviving system prompts, best first (`sprig`); nil otherwise.
        public var population: [String]?

        public init(iteration: Int, phase: String, kept: [String: [String]], currentSystem: String, population: [String]? = nil) {
            self.iteration = iteration
            self.phase = phase
            self.kept = kept
            self.currentSystem = currentSystem
            self.population = population
        }
    }
}

extension EngineEvent.Selection: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        iteration = try r.int("iteration")
        phase = try r.string("phase")
        let k = try r.object("kept")
        kept = [:]
        for (task, _) in k.pairs { kept[task] = try k.stringList(task) }
        currentSystem = try r.string("current_system")
        if let v = r.value("population"), !v.isNull { population = try r.stringList("population") } else { population = nil }
    }

    func write(to w: inout EventFieldWriter) {
        w.add("iteration", iteration)
        w.add("phase", phase)
        w.add("kept", JSONValue(sortedKeys: kept.mapValues { .array($0.map(JSONValue.string)) }))
        w.add("current_system", currentSystem)
        if let population { w.add("population", population) }
    }
}
