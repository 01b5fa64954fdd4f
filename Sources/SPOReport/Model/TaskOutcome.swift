public import SPOCore

/// What one task of a run ended with: the best train score after init and
/// each iteration, and test scores of the starting prompts and of the
/// optimized ones (for an unseen task: its starting user prompt under the
/// initial and under the optimized system prompt).
public struct TaskOutcome: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var iteration: Int
        public var score: Double
    }

    public var task: String
    /// "source" or "unseen".
    public var role: TaskRole
    public var metric: String?
    public var trainSize: Int
    /// Validation examples (0: the run selects on train).
    public var valSize: Int = 0
    public var testSize: Int
    /// Best selection score (train, or validation with `val_size`) after init (iteration 0) and each iteration.
    public var series: [Point]
    public var initialUser: String?
    public var bestUser: String?
    public var initialTrain: ScoreEntry?
    public var bestTrain: ScoreEntry?
    public var initialVal: ScoreEntry?
    public var bestVal: ScoreEntry?
    public var testBefore: ScoreEntry?
    public var testAfter: ScoreEntry?

    public var isUnseen: Bool { role != .source }
}
