import Testing
@testable import SPOCore

/// Issue 18: the validation split is drawn from the train pool, apart from
/// train, the same way every time; without it train is drawn as before.
struct ValidationSplitTests {
    static func task(pool: Int) -> SPOTask {
        let ex = { (i: Int) in Example(question: "q\(i)", answers: ["a\(i)"]) }
        return SPOTask(
            name: "t", domain: "test", userPrompt: "<Question>{question}</Question> <answer></answer>", answerKind: .text, metric: .exactMatch,
            trainPool: (0..<pool).map(ex), testPool: (pool..<(pool + 5)).map(ex), source: .builtin)
    }

    @Test func validationIsDisjointFromTrainAndDeterministic() {
        let t = Self.task(pool: 30)
        let a = TaskSplit(task: t, trainSize: 10, testSize: 5, seed: 7, valSize: 8)
        let b = TaskSplit(task: t, trainSize: 10, testSize: 5, seed: 7, valSize: 8)
        #expect(a == b)
        #expect(a.train.count == 10 && a.validation.count == 8)
        #expect(Set(a.train.map(\.question)).isDisjoint(with: a.validation.map(\.question)))
        // Train is what a run without validation draws, so val_size 0 changes nothing.
        #expect(a.train == TaskSplit(task: t, trainSize: 10, testSize: 5, seed: 7).train)
        #expect(TaskSplit(task: t, trainSize: 10, testSize: 5, seed: 7).validation.isEmpty)
        // Another seed draws other examples.
        #expect(TaskSplit(task: t, trainSize: 10, testSize: 5, seed: 8, valSize: 8).validation != a.validation)
        #expect(a.examples(.val) == a.validation && a.examples(.train) == a.train && a.examples(.test) == a.test)
    }

    @Test func aShortPoolWarnsAndAnEmptyOneIsRefused() throws {
        var cfg = RunConfig()
        cfg.trainSize = 10
        cfg.valSize = 8
        #expect(try TaskSplit.checkValidation(cfg, sourceTasks: [Self.task(pool: 30)]).isEmpty)
        let short = try TaskSplit.checkValidation(cfg, sourceTasks: [Self.task(pool: 14)])
        #expect(short == ["t: its train pool leaves 4 of val_size 8 validation examples after train_size 10"])
        #expect(throws: SPOError.self) { try TaskSplit.checkValidation(cfg, sourceTasks: [Self.task(pool: 10)]) }
        do {
            _ = try TaskSplit.checkValidation(cfg, sourceTasks: [Self.task(pool: 10)])
        } catch {
            #expect(error.message.hasPrefix("val_size: t: its train pool has 10 examples and train_size 10 leaves none"))
        }
        // A method that selects on train refuses the split rather than ignore it.
        cfg.method = .protegi
        #expect(throws: SPOError.self) { try TaskSplit.checkValidation(cfg, sourceTasks: [Self.task(pool: 30)]) }
        cfg.valSize = 0
        #expect(try TaskSplit.checkValidation(cfg, sourceTasks: [Self.task(pool: 30)]).isEmpty)
    }

    @Test func configReadsValSize() throws {
        let (cfg, warnings) = try ConfigTests().load("val_size: 12\ntrain_size: 20\n")
        #expect(cfg.valSize == 12 && cfg.validationSize == 12 && warnings.isEmpty)
        #expect(throws: SPOError.self) { try ConfigTests().load("val_size: -1\n") }
        #expect(RunConfig().validationSize == 0)
    }
}

/// Issue 18: each acceptance rule on hand-made score tables.
struct AcceptanceTests {
    typealias S = Acceptance.Standing
    /// `n` examples: `wins` where the candidate is right and the incumbent wrong,
    /// `losses` the other way round, the rest both right.
    static func pairs(n: Int, wins: Int, losses: Int) -> [(Double, Double)] {
        Array(repeating: (1.0, 0.0), count: wins) + Array(repeating: (0.0, 1.0), count: losses) + Array(repeating: (1.0, 1.0), count: n - wins - losses)
    }

    @Test func tieTakesTheNewerOnAnExactTieAndCountsFormatErrorsAndCost() {
        let tie = Acceptance(rule: .tie)
        #expect(tie.accepts(candidate: S(score: 0.5), incumbent: S(score: 0.5), paired: []))
        #expect(tie.accepts(candidate: S(score: 0.6), incumbent: S(score: 0.5), paired: []))
        #expect(!tie.accepts(candidate: S(score: 0.4), incumbent: S(score: 0.5), paired: []))
        #expect(!tie.accepts(candidate: S(score: 0.5, formatErrors: 2), incumbent: S(score: 0.5, formatErrors: 1), paired: []))
        let cheaper = Acceptance(rule: .tie, cheaperBreaksTies: true)
        #expect(!cheaper.accepts(candidate: S(score: 0.5, answerTokens: 90), incumbent: S(score: 0.5, answerTokens: 8), paired: []))
        #expect(cheaper.accepts(candidate: S(score: 0.5, answerTokens: 8), incumbent: S(score: 0.5, answerTokens: 90), paired: []))
        #expect(tie.bound([]) == nil)
    }

    @Test func betterNeedsAStrictlyHigherScore() {
        let better = Acceptance(rule: .better)
        #expect(!better.accepts(candidate: S(score: 0.5), incumbent: S(score: 0.5), paired: Self.pairs(n: 10, wins: 2, losses: 2)))
        #expect(better.accepts(candidate: S(score: 0.51), incumbent: S(score: 0.5), paired: Self.pairs(n: 10, wins: 1, losses: 0)))
    }

    @Test func significantNeedsTheLowerBoundAboveZero() {
        let rule = Acceptance(rule: .significant, level: 0.90)
        let high = S(score: 0.9), low = S(score: 0.5)
        // A tie, and anything at n = 1, is never enough.
        #expect(!rule.accepts(candidate: high, incumbent: low, paired: Self.pairs(n: 20, wins: 0, losses: 0)))
        #expect(!rule.accepts(candidate: high, incumbent: low, paired: [(1, 0)]))
        #expect(!rule.accepts(candidate: high, incumbent: low, paired: []))
        // Small n: 1 win of 4 is noise; 4 of 4 with nothing against is not.
        #expect(!rule.accepts(candidate: high, incumbent: low, paired: Self.pairs(n: 4, wins: 1, losses: 0)))
        #expect(rule.accepts(candidate: high, incumbent: low, paired: Self.pairs(n: 4, wins: 4, losses: 0)))
        // 20 examples: 5 wins and 1 loss clears 90% (bound ≈ +0.03) but not 99%.
        let table = Self.pairs(n: 20, wins: 5, losses: 1)
        #expect(rule.accepts(candidate: high, incumbent: low, paired: table))
        #expect(rule.bound(table)! > 0)
        #expect(!Acceptance(rule: .significant, level: 0.99).accepts(candidate: high, incumbent: low, paired: table))
        // More wins than losses, but close: no.
        #expect(!rule.accepts(candidate: high, incumbent: low, paired: Self.pairs(n: 20, wins: 4, losses: 3)))
        // The mean scores do not enter: a lower mean with a clear paired gain still is the paired gain.
        #expect(rule.accepts(candidate: low, incumbent: high, paired: Self.pairs(n: 30, wins: 8, losses: 0)))
    }

    @Test func partialCreditPairsWork() {
        let rule = Acceptance(rule: .significant)
        let steady = Array(repeating: (0.8, 0.5), count: 6)
        #expect(rule.accepts(candidate: S(score: 0.8), incumbent: S(score: 0.5), paired: steady))
        let mixed: [(Double, Double)] = [(0.8, 0.5), (0.2, 0.6), (0.7, 0.6), (0.4, 0.5)]
        #expect(!rule.accepts(candidate: S(score: 0.525), incumbent: S(score: 0.55), paired: mixed))
    }
}
