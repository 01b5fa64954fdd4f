/// Which part of a task's data: `train` (failures shown to the optimizer,
/// and selection when there is no validation split), `val` (the validation
/// split of `val_size`: selection only, never shown to the optimizer) or
/// `test` (reported, never used to choose).
///
/// A `WireName`, as events carry it: a split this version does not know (a
/// newer file's) is kept as read and has no examples here.
public struct Split: WireName, Codable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let train = Split(rawValue: "train")
    public static let val = Split(rawValue: "val")
    public static let test = Split(rawValue: "test")
}

/// The examples a run uses, drawn from a task's pools as MetaSPO draws them:
/// the test pool is shuffled with a fixed seed (42) so every run and every method
/// is tested on the same questions; the train pool is shuffled with the run's
/// seed, its first `train_size` examples are train and the next `val_size`
/// validation (disjoint; with `val_size` 0 train is drawn as before).
public struct TaskSplit: Sendable, Hashable {
    public var train: [Example]
    /// Validation examples (`val_size`), drawn after train from the same shuffle.
    public var validation: [Example] = []
    public var test: [Example]

    /// MetaSPO's fixed test shuffle seed.
    public static let testShuffleSeed: UInt64 = 42

    public init(train: [Example], test: [Example]) {
        self.train = train
        self.test = test
    }

    /// - Parameter valSize: validation examples after the train ones; fewer
    ///   when the pool runs out (`validationShortfall` says by how many).
    public init(task: SPOTask, trainSize: Int?, testSize: Int?, seed: UInt64, valSize: Int = 0) {
        var testRng = SeededRandom(seed: Self.testShuffleSeed, stream: Split.test.rawValue)
        var trainRng = SeededRandom(seed: seed, stream: Split.train.rawValue)
        let shuffledTest = task.testPool.stableShuffled(using: &testRng)
        let shuffledTrain = task.trainPool.stableShuffled(using: &trainRng)
        train = Array(shuffledTrain.prefix(trainSize ?? shuffledTrain.count))
        if valSize > 0 { validation = Array(shuffledTrain.dropFirst(train.count).prefix(valSize)) }
        test = Array(shuffledTest.prefix(testSize ?? shuffledTest.count))
    }

    public func examples(_ split: Split) -> [Example] {
        switch split {
        case .train: train
        case .val: validation
        case .test: test
        default: []
        }
    }
}

extension TaskSplit {
    /// Refuses a validation split that cannot work: a method that selects on
    /// train only, or a source task whose train pool leaves no validation
    /// example after `train_size`. A pool that leaves fewer than `val_size`
    /// comes back as a warning.
    public static func checkValidation(_ config: RunConfig, sourceTasks: [SPOTask]) throws(SPOError) -> [String] {
        let want = config.validationSize
        guard want > 0 else { return [] }
        guard config.method.validates else {
            throw SPOError(file: nil, field: "val_size", "method \(config.method.rawValue) selects on train; a validation split works with \(SearchMethod.allCases.filter(\.validates).map(\.rawValue).joined(separator: " and ")) (or set val_size to 0)")
        }
        var warnings: [String] = []
        for task in sourceTasks {
            let got = TaskSplit(task: task, trainSize: config.trainSize, testSize: 1, seed: config.seed, valSize: want).validation.count
            if got == 0 {
                throw SPOError(file: nil, field: "val_size", "\(task.name): its train pool has \(task.trainPool.count) examples and train_size \(config.trainSize) leaves none for validation; lower train_size or set val_size to 0")
            }
            if got < want {
                warnings.append("\(task.name): its train pool leaves \(got) of val_size \(want) validation examples after train_size \(config.trainSize)")
            }
        }
        return warnings
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
