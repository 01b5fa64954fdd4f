/// Which part of a task's data.
public enum Split: String, Sendable, Hashable, CaseIterable, Codable {
    case train, test
}

/// The examples a run uses, drawn from a task's pools as MetaSPO draws them:
/// the test pool is shuffled with a fixed seed (42) so every run and every method
/// is tested on the same questions; the train pool is shuffled with the run's seed.
public struct TaskSplit: Sendable, Hashable {
    public var train: [Example]
    public var test: [Example]

    /// MetaSPO's fixed test shuffle seed.
    public static let testShuffleSeed: UInt64 = 42

    public init(train: [Example], test: [Example]) {
        self.train = train
        self.test = test
    }

    public init(task: SPOTask, trainSize: Int?, testSize: Int?, seed: UInt64) {
        var testRng = SeededRandom(seed: Self.testShuffleSeed, stream: "test")
        var trainRng = SeededRandom(seed: seed, stream: "train")
        let shuffledTest = task.testPool.stableShuffled(using: &testRng)
        let shuffledTrain = task.trainPool.stableShuffled(using: &trainRng)
        train = Array(shuffledTrain.prefix(trainSize ?? shuffledTrain.count))
        test = Array(shuffledTest.prefix(testSize ?? shuffledTest.count))
    }

    public func examples(_ split: Split) -> [Example] {
        split == .train ? train : test
    }
}

extension SPOTask {
    /// Splits a single pool into train and test pools deterministically, for data
    /// files that bring no split of their own: a fixed shuffle, then the first
    /// `trainFraction` of it is the train pool.
    public static func partition(_ examples: [Example], trainFraction: Double) -> (train: [Example], test: [Example]) {
        var rng = SeededRandom(seed: TaskSplit.testShuffleSeed, stream: "partition")
        let shuffled = examples.stableShuffled(using: &rng)
        guard shuffled.count > 1 else { return (shuffled, shuffled) }
        let cut = min(shuffled.count - 1, max(1, Int((Double(shuffled.count) * trainFraction).rounded())))
        return (Array(shuffled[..<cut]), Array(shuffled[cut...]))
    }
}
