extension EngineEvent {
    /// Running totals of one model role's use since the run first started
    /// (resumes included). Each event replaces the last one for its role, so a
    /// fold never adds them up.
    public struct Usage: Sendable, Hashable {
        public var role: ModelRole
        public var calls: Int
        public var promptTokens: Int
        public var completionTokens: Int
        public var cacheHits: Int
        public var errors: Int
        public var costUSD: Double
        public var retries: Int?
        /// Mean seconds per call that reached the endpoint.
        public var latency: Double?

        public init(role: ModelRole, calls: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0, cacheHits: Int = 0, errors: Int = 0, costUSD: Double = 0, retries: Int? = nil, latency: Double? = nil) {
            self.role = role
            self.calls = calls
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.cacheHits = cacheHits
            self.errors = errors
            self.costUSD = costUSD
            self.retries = retries
            self.latency = latency
        }
    }
}

extension EngineEvent.Usage: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        role = ModelRole(rawValue: try r.string("role"))
        calls = try r.int("calls")
        promptTokens = try r.int("prompt_tokens")
        completionTokens = try r.int("completion_tokens")
        cacheHits = try r.int("cache_hits")
        errors = try r.int("errors")
        costUSD = try r.double("cost_usd")
        retries = try r.optionalInt("retries")
        latency = try r.optionalDouble("latency")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("role", role.rawValue)
        w.add("calls", calls)
        w.add("prompt_tokens", promptTokens)
        w.add("completion_tokens", completionTokens)
        w.add("cache_hits", cacheHits)
        w.add("errors", errors)
        w.add("cost_usd", costUSD)
        w.add("retries", ifPresent: retries)
        w.add("latency", ifPresent: latency)
    }
}
