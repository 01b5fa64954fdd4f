extension EngineEvent {
    /// What survived a phase: the user prompts kept per task and the system
    /// prompt now in use.
    public struct Selection: Sendable, Hashable {
        public var iteration: Int
        public var phase: PhaseName
        /// Kept user-prompt ids per task, best first.
        public var kept: [String: [String]]
        public var currentSystem: String
        /// A population method's surviving system prompts, best first (`sprig`); nil otherwise.
        public var population: [String]?
        /// Why each candidate did or did not take the incumbent's place, under
        /// the run's acceptance rule (`accept`); empty in sessions from before.
        public var decisions: [Decision]

        public init(iteration: Int, phase: PhaseName, kept: [String: [String]], currentSystem: String, population: [String]? = nil, decisions: [Decision] = []) {
            self.iteration = iteration
            self.phase = phase
            self.kept = kept
            self.currentSystem = currentSystem
            self.population = population
            self.decisions = decisions
        }
    }

    /// One acceptance decision: `candidate` against `incumbent` on the same
    /// selection examples, paired. `gain` is the mean difference with its 95%
    /// interval (`low`…`high`) over `n` examples; `bound` the one-sided lower
    /// bound at the rule's level, which `significant` needs above zero.
    public struct Decision: Sendable, Hashable {
        public var candidate: String
        public var incumbent: String
        public var task: String?
        public var rule: String
        public var accepted: Bool
        public var gain: Double
        public var low: Double
        public var high: Double
        public var bound: Double?
        public var n: Int

        public init(candidate: String, incumbent: String, task: String?, rule: String, accepted: Bool, gain: Double, low: Double, high: Double, bound: Double?, n: Int) {
            self.candidate = candidate
            self.incumbent = incumbent
            self.task = task
            self.rule = rule
            self.accepted = accepted
            self.gain = gain
            self.low = low
            self.high = high
            self.bound = bound
            self.n = n
        }

        /// `S3 over S1: +0.125 [-0.05, +0.30] n=16, lower bound -0.02 at 90%: kept S1 (significant)`
        public var sentence: String {
            func signed(_ d: Double) -> String {
                let s = ScoreSummary.fixed(d, 3)
                return s.hasPrefix("-") ? s : "+" + s
            }
            var s = "\(candidate) against \(incumbent)\(task.map { " on \($0)" } ?? ""): \(signed(gain)) [\(signed(low)), \(signed(high))] n=\(n)"
            if let bound, bound.isFinite { s += ", lower bound \(signed(bound))" }
            s += accepted ? ": \(candidate) taken (\(rule))" : ": \(incumbent) kept (\(rule))"
            return s
        }
    }
}

extension EngineEvent.Selection: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        iteration = try r.int("iteration")
        phase = PhaseName(rawValue: try r.string("phase"))
        let k = try r.object("kept")
        kept = [:]
        for (task, _) in k.pairs { kept[task] = try k.stringList(task) }
        currentSystem = try r.string("current_system")
        if let v = r.value("population"), !v.isNull { population = try r.stringList("population") } else { population = nil }
        decisions = []
        if let v = r.value("decisions"), !v.isNull {
            for d in try r.objects("decisions") {
                decisions.append(EngineEvent.Decision(
                    candidate: try d.string("candidate"), incumbent: try d.string("incumbent"), task: try d.optionalString("task"),
                    rule: try d.string("rule"), accepted: try d.bool("accepted"), gain: try d.double("gain"), low: try d.double("low"),
                    high: try d.double("high"), bound: try d.optionalDouble("bound"), n: try d.int("n")))
            }
        }
    }

    func write(to w: inout EventFieldWriter) {
        w.add("iteration", iteration)
        w.add("phase", phase.rawValue)
        w.add("kept", JSONValue(sortedKeys: kept.mapValues { .array($0.map(JSONValue.string)) }))
        w.add("current_system", currentSystem)
        if let population { w.add("population", population) }
        if !decisions.isEmpty {
            w.add("decisions", .array(decisions.map { d -> JSONValue in
                var o: [(key: String, value: JSONValue)] = [
                    ("candidate", .string(d.candidate)), ("incumbent", .string(d.incumbent)), ("rule", .string(d.rule)),
                    ("accepted", .bool(d.accepted)), ("gain", .double(d.gain)), ("low", .double(d.low)), ("high", .double(d.high)), ("n", .int(d.n)),
                ]
                if let t = d.task { o.insert(("task", .string(t)), at: 2) }
                if let b = d.bound, b.isFinite { o.append(("bound", .double(b))) }
                return .object(o)
            }))
        }
    }
}
