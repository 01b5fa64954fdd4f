import Foundation
public import SPOCore

/// The built-in task suite: generated, deterministic, no downloads.
public enum BuiltinTasks {
    /// Examples in each pool. The test pool matches MetaSPO's default test size.
    public static let trainPoolSize = 200
    public static let testPoolSize = 500
    /// The suite's own seed; changing it changes every built-in question.
    public static let suiteSeed: UInt64 = 20_250_514

    /// Every family, in a stable order.
    public static let families: [BuiltinTaskFamily] = ReasoningTasks.all + ComprehensionTasks.all
        + FactCheckingTasks.all + ReviewTasks.all + SafetyTasks.all

    public static var names: [String] { families.map(\.name) }

    public static func family(named name: String) -> BuiltinTaskFamily? {
        families.first { $0.name == name }
    }

    /// The task with its pools generated. The test pool is generated first and
    /// the train pool skips any question already in it, so the splits never overlap.
    public static func task(named name: String) -> SPOTask? {
        guard let family = family(named: name) else { return nil }
        return task(family)
    }

    /// Generated tasks, kept so each family is generated once per process.
    private static let generated = GeneratedTasks()

    public static func task(_ family: BuiltinTaskFamily) -> SPOTask {
        if let cached = generated.get(family.name) { return cached }
        let task = generate(family)
        generated.set(family.name, task)
        return task
    }

    private static func generate(_ family: BuiltinTaskFamily) -> SPOTask {
        var testRng = SeededRandom(seed: suiteSeed, stream: family.name + "/test")
        var trainRng = SeededRandom(seed: suiteSeed, stream: family.name + "/train")
        let test = unique(count: testPoolSize, excluding: [], family: family, rng: &testRng)
        let seen = Set(test.map(\.question))
        let train = unique(count: trainPoolSize, excluding: seen, family: family, rng: &trainRng)
        return SPOTask(
            name: family.name, domain: family.domain, userPrompt: family.userPrompt,
            answerKind: family.answerKind, metric: family.metric, trainPool: train, testPool: test,
            source: .builtin, summary: family.summary)
    }

    private static func unique(
        count: Int, excluding: Set<String>, family: BuiltinTaskFamily, rng: inout SeededRandom
    ) -> [Example] {
        var out: [Example] = []
        var seen = Set<String>()
        var attempts = 0
        // Small question spaces may not hold `count` distinct questions: after
        // enough attempts, repeats within the pool are allowed rather than
        // looping forever; a question of the other split never is.
        while out.count < count {
            let ex = family.generate(&rng)
            attempts += 1
            if excluding.contains(ex.question) { continue }
            if seen.insert(ex.question).inserted || attempts > count * 20 {
                out.append(ex)
            }
        }
        return out
    }
}

/// A lock-protected cache of generated tasks.
private final class GeneratedTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [String: SPOTask] = [:]

    func get(_ name: String) -> SPOTask? { lock.withLock { tasks[name] } }
    func set(_ name: String, _ task: SPOTask) { lock.withLock { tasks[name] = task } }
}
