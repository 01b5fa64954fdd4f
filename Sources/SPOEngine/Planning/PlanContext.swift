public import SPOCore

/// What a method's formula needs to count calls: the config, the split sizes
/// of each task, and the evaluation strategy.
public struct PlanContext: Sendable {
    public struct TaskSize: Sendable, Hashable {
        public var name: String
        public var train: Int
        /// Validation examples (`val_size`; 0: selection on train).
        public var val: Int
        public var test: Int

        public init(name: String, train: Int, val: Int = 0, test: Int) {
            self.name = name
            self.train = train
            self.val = val
            self.test = test
        }

        /// Where candidates are compared: validation when there is one, else train.
        public var selection: Int { val > 0 ? val : train }
    }

    public var config: RunConfig
    public var source: [TaskSize]
    public var unseen: [TaskSize]
    /// True for `strategy: racing` (base calls become ranges).
    public var racing: Bool
    public var policy: RacePolicy
    /// Optimizer replies tried per candidate (`EngineSetup.optimizerAttempts`).
    public var attempts: Int

    public init(config: RunConfig, source: [TaskSize], unseen: [TaskSize], racing: Bool, policy: RacePolicy = .standard, attempts: Int = 3) {
        self.config = config
        self.source = source
        self.unseen = unseen
        self.racing = racing
        self.policy = policy
        self.attempts = max(1, attempts)
    }

    public var trainTotal: Int { source.reduce(0) { $0 + $1.train } }
    public var valTotal: Int { source.reduce(0) { $0 + $1.val } }
    /// Examples candidates are compared on, over every source task.
    public var selectionTotal: Int { source.reduce(0) { $0 + $1.selection } }

    /// The same context with every candidate scored in full (loops that do not race).
    public var exhaustiveContext: PlanContext {
        var c = self
        c.racing = false
        return c
    }

    /// Calls of the usual test phase: the initial and the final prompts of every
    /// source task, and each unseen task under the initial and the final system prompt.
    public var testCalls: Int { 2 * source.reduce(0) { $0 + $1.test } + 2 * unseen.reduce(0) { $0 + $1.test } }

    /// Base calls of `count` candidates raced for `keep` places against
    /// `incumbents` on `full` shared examples (exactly `count · full` when
    /// exhaustive). Low: every droppable candidate goes after the first round;
    /// high: only the halving cap drops any.
    public func raced(count: Int, full: Int, incumbents: Int, keep: Int, halvingFloor: Int?) -> CallRange {
        guard count > 0, full > 0 else { return .zero }
        guard racing else { return CallRange(exactly: count * full) }
        let sizes = policy.schedule(full: full)
        guard sizes.count > 1 else { return CallRange(exactly: count * full) }
        // At most `entrants - keep` can be dropped: the best `keep` never are.
        let droppable = min(count, max(0, incumbents + count - keep))
        let low = (count - droppable) * full + droppable * sizes[0]
        var high = 0, alive = count, before = 0
        for (r, size) in sizes.enumerated() {
            high += alive * (size - before)
            before = size
            if r < sizes.count - 1, let floor = halvingFloor { alive = min(alive, max(floor, (alive + 1) / 2)) }
        }
        return CallRange(low: low, high: high)
    }
}
