extension EngineEvent {
    /// A budget ran out: `what` ("calls", "cost_usd", "minutes"…), its limit and
    /// the value that reached it.
    public struct BudgetReached: Sendable, Hashable {
        public var what: String
        public var limit: Double
        public var value: Double

        public init(what: String, limit: Double, value: Double) {
            self.what = what
            self.limit = limit
            self.value = value
        }
    }
}

extension EngineEvent.BudgetReached: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        what = try r.string("what")
        limit = try r.double("limit")
        value = try r.double("value")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("what", what)
        w.add("limit", limit)
        w.add("value", value)
    }
}
