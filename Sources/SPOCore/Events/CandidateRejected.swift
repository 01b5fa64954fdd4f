extension EngineEvent {
    /// An optimizer reply that did not give a usable prompt (no tag, no
    /// `{question}` slot, empty, same as its parent…). It never becomes a candidate.
    public struct CandidateRejected: Sendable, Hashable {
        public var reason: String
        /// Which try this was (1 for the first).
        public var attempt: Int
        /// The candidate being rewritten (written as `for`).
        public var target: String?
        public var task: String?
        public var kind: CandidateKind?
        /// The guard that rejected a well-formed prompt (`length`, `repetition`, …), if one did.
        public var rule: GuardRule?

        public init(reason: String, attempt: Int, target: String? = nil, task: String? = nil, kind: CandidateKind? = nil, rule: GuardRule? = nil) {
            self.reason = reason
            self.attempt = attempt
            self.target = target
            self.task = task
            self.kind = kind
            self.rule = rule
        }
    }
}

extension EngineEvent.CandidateRejected: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        reason = try r.string("reason")
        attempt = try r.int("attempt")
        target = try r.optionalString("for")
        task = try r.optionalString("task")
        kind = try r.optionalKind("kind")
        // A rule a newer metaspo knows and this one does not is kept as none.
        rule = try r.optionalString("rule").flatMap(GuardRule.init(rawValue:))
    }

    func write(to w: inout EventFieldWriter) {
        w.add("reason", reason)
        w.add("attempt", attempt)
        w.add("for", ifPresent: target)
        w.add("task", ifPresent: task)
        w.add("kind", ifPresent: kind?.rawValue)
        w.add("rule", ifPresent: rule?.rawValue)
    }
}
