extension EngineEvent {
    /// A phase of an iteration began or ended (`phase_started`, `phase_finished`).
    /// Phases: "init", "inner", "outer", "unseen", "adapt", or a method's own.
    public struct Phase: Sendable, Hashable {
        public var iteration: Int
        public var phase: PhaseName

        public init(iteration: Int, phase: PhaseName) {
            self.iteration = iteration
            self.phase = phase
        }
    }
}

extension EngineEvent.Phase: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        iteration = try r.int("iteration")
        phase = PhaseName(rawValue: try r.string("phase"))
    }

    func write(to w: inout EventFieldWriter) {
        w.add("iteration", iteration)
        w.add("phase", phase.rawValue)
    }
}
