extension EngineEvent {
    /// One round of a race (`strategy: racing`): candidates were scored on a
    /// shared subsample of the examples a full evaluation would use, and the
    /// clearly worse ones were dropped. Incumbents (prompts already scored on
    /// everything) are compared on the same examples, at no cost.
    public struct Race: Sendable, Hashable {
        public var iteration: Int
        /// `inner` (user prompts of one task) or `outer` (system prompts), or a method's own word.
        public var phase: PhaseName
        /// The task of an inner-loop race; nil for the outer loop.
        public var task: String?
        /// 1, 2, 3… within this race.
        public var round: Int
        /// Examples each candidate has been scored on so far (the shared subsample).
        public var n: Int
        /// Examples of a full evaluation of one candidate.
        public var of: Int
        /// Share answered right on the shared subsample, candidates and incumbents.
        public var scores: [String: Double]
        /// Prompts already fully scored that the candidates are compared with.
        public var incumbents: [String]
        /// Candidates still racing after this round.
        public var alive: [String]
        /// Candidates dropped in this round.
        public var dropped: [String]
        /// Base-model calls racing has saved so far in the run, against scoring
        /// every candidate on every example.
        public var saved: Int

        public init(
            iteration: Int, phase: PhaseName, task: String?, round: Int, n: Int, of: Int, scores: [String: Double],
            incumbents: [String], alive: [String], dropped: [String], saved: Int
        ) {
            self.iteration = iteration
            self.phase = phase
            self.task = task
            self.round = round
            self.n = n
            self.of = of
            self.scores = scores
            self.incumbents = incumbents
            self.alive = alive
            self.dropped = dropped
            self.saved = saved
        }
    }
}

extension EngineEvent.Race: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        iteration = try r.int("iteration")
        phase = PhaseName(rawValue: try r.string("phase"))
        task = try r.optionalString("task")
        round = try r.int("round")
        n = try r.int("n")
        of = try r.int("of")
        let s = try r.object("scores")
        scores = [:]
        for (id, _) in s.pairs { scores[id] = try s.double(id) }
        incumbents = try r.stringList("incumbents")
        alive = try r.stringList("alive")
        dropped = try r.stringList("dropped")
        saved = try r.int("saved")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("iteration", iteration)
        w.add("phase", phase.rawValue)
        w.add("task", orNull: task)
        w.add("round", round)
        w.add("n", n)
        w.add("of", of)
        w.add("scores", JSONValue(sortedKeys: scores.mapValues(JSONValue.double)))
        w.add("incumbents", incumbents)
        w.add("alive", alive)
        w.add("dropped", dropped)
        w.add("saved", saved)
    }
}
