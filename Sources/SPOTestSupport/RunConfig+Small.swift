public import SPOCore

extension RunConfig {
    /// A search small enough for a test: the knobs tests vary, with the values
    /// most of them use. `strategy` and `method` keep the config's defaults
    /// (racing, metaspo), and `inFlight` the base model's limit, unless given;
    /// tests that check call formulas pass `strategy: .exhaustive`.
    public static func small(
        train: Int = 20, test: Int = 10, iterations: Int = 2, system: Int = 2, user: Int = 2, topK: Int = 2, inFlight: Int? = nil,
        strategy: SearchStrategy? = nil, method: SearchMethod? = nil
    ) -> RunConfig {
        var c = RunConfig()
        c.trainSize = train
        c.testSize = test
        c.iterations = iterations
        c.systemCandidates = system
        c.userCandidates = user
        c.userTopK = topK
        if let inFlight { c.base.maxInFlight = inFlight }
        if let strategy { c.strategy = strategy }
        if let method { c.method = method }
        return c
    }
}
