extension EngineEvent {
    /// The run completed. The summary is free-form JSON (scores per task per
    /// iteration, calls, cost, time) so its shape can grow without a new format.
    public struct RunFinished: Sendable, Hashable {
        public var bestSystem: String?
        public var summary: JSONValue

        public init(bestSystem: String?, summary: JSONValue = [:]) {
            self.bestSystem = bestSystem
            self.summary = summary
        }
    }
}

extension EngineEvent.RunFinished: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        bestSystem = try r.optionalString("best_system")
        summary = r.json("summary", default: [:])
    }

    func write(to w: inout EventFieldWriter) {
        w.add("best_system", orNull: bestSystem)
        w.add("summary", summary)
    }
}
