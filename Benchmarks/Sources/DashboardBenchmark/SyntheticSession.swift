import Foundation
import SPOCore

/// Sessions made up for the benchmark, built from the real event types so the
/// fold, the reader and the views see what a long run would give them.
enum SyntheticSession {
    /// A MetaSPO-shaped run: each iteration an inner loop (per task an
    /// analysis, `userCandidates` rewrites, each scored on `train` examples
    /// with a progress event per example) and an outer loop (`systemCandidates`
    /// system prompts, each scored on every task), until `events` events exist.
    static func metaSPO(events target: Int, tasks: Int = 4, train: Int = 50, userCandidates: Int = 3, systemCandidates: Int = 9) -> [EventRecord] {
        var b = Builder()
        let names = (0..<tasks).map { "task_\($0)" }
        b.add(.runStarted(.init(
            run: "bench", method: "metaspo", config: ["iterations": .int(100)],
            tasks: names.map { .init(name: $0, role: .source, train: train, test: 100) } + [.init(name: "unseen_0", role: .unseen, train: 0, test: 100)],
            models: [.base: "bench-base", .optimizer: "bench-optimizer"])))
        b.add(.candidateCreated(.init(id: "S1", kind: .system, origin: .initial, text: Text.prompt(1, words: 8))))
        var kept: [String: [String]] = [:]
        var currentSystem = "S1"
        for t in names {
            let id = b.nextUser()
            b.add(.candidateCreated(.init(id: id, kind: .user, task: t, origin: .initial, text: Text.userPrompt(b.users, words: 40))))
            kept[t] = [id]
        }
        b.add(.phaseStarted(.init(iteration: 0, phase: .initial)))
        for t in names { b.evaluate(NodeRef(system: "S1", user: kept[t]![0], task: t), train: train) }
        b.add(.selection(.init(iteration: 0, phase: .initial, kept: kept, currentSystem: currentSystem)))
        b.add(.phaseFinished(.init(iteration: 0, phase: .initial)))

        var iteration = 0
        while b.records.count < target {
            iteration += 1
            b.add(.phaseStarted(.init(iteration: iteration, phase: .inner)))
            for t in names {
                let parent = kept[t]![0]
                let analysis = b.nextAnalysis()
                b.add(.analysisCreated(.init(id: analysis, target: parent, kind: .user, text: Text.analysis(b.analyses), examples: [1, 4, 9])))
                var fresh: [String] = []
                for _ in 0..<userCandidates {
                    let id = b.nextUser()
                    b.add(.candidateCreated(.init(id: id, kind: .user, parent: parent, task: t, origin: .rewrite, analysis: analysis, text: Text.userPrompt(b.users, words: 40 + b.users % 30))))
                    fresh.append(id)
                }
                for id in fresh { b.evaluate(NodeRef(system: currentSystem, user: id, task: t), train: train) }
                kept[t] = Array((fresh + kept[t]!).prefix(3))
            }
            b.add(.selection(.init(iteration: iteration, phase: .inner, kept: kept, currentSystem: currentSystem)))
            b.add(.phaseFinished(.init(iteration: iteration, phase: .inner)))
            b.add(.phaseStarted(.init(iteration: iteration, phase: .outer)))
            let analysis = b.nextAnalysis()
            b.add(.analysisCreated(.init(id: analysis, target: currentSystem, kind: .system, text: Text.analysis(b.analyses), examples: [2, 3, 5, 7])))
            var best = currentSystem
            for _ in 0..<systemCandidates {
                let id = b.nextSystem()
                b.add(.candidateCreated(.init(id: id, kind: .system, parent: currentSystem, origin: .rewrite, analysis: analysis, text: Text.prompt(b.systems, words: 30 + b.systems % 60))))
                for t in names { b.evaluate(NodeRef(system: id, user: kept[t]![0], task: t), train: train) }
                if b.systems % 4 == 0 { best = id }
            }
            currentSystem = best
            b.add(.selection(.init(iteration: iteration, phase: .outer, kept: kept, currentSystem: currentSystem)))
            b.add(.phaseFinished(.init(iteration: iteration, phase: .outer)))
        }
        b.add(.runFinished(.init(bestSystem: currentSystem)))
        return b.records
    }

    /// A session with `systems` system prompts, each with `usersPerTask` user
    /// prompts on each of `tasks` tasks, all scored: `systems * (1 + tasks * usersPerTask)` candidates.
    /// Prompts run from 20 to 400 words (the shipped real session has one of 409).
    static func candidates(systems: Int = 100, tasks: Int = 3, usersPerTask: Int = 3) -> [EventRecord] {
        var b = Builder()
        let names = (0..<tasks).map { "task_\($0)" }
        b.add(.runStarted(.init(
            run: "bench-tree", method: "metaspo", config: ["iterations": .int(systems / 9)],
            tasks: names.map { .init(name: $0, role: .source, train: 50, test: 100) }, models: [.base: "b", .optimizer: "o"])))
        var kept: [String: [String]] = [:]
        for s in 1...systems {
            b.add(.phaseStarted(.init(iteration: s / 9, phase: s % 2 == 0 ? .outer : .inner)))
            let system = b.nextSystem()
            b.add(.candidateCreated(.init(id: system, kind: .system, parent: s == 1 ? nil : "S\(s - 1)", origin: s == 1 ? .initial : .rewrite, text: Text.prompt(s, words: 20 + s * 37 % 380))))
            for t in names {
                var ids: [String] = []
                for _ in 0..<usersPerTask {
                    let id = b.nextUser()
                    let parent = b.users > tasks * usersPerTask ? "U\(b.users - tasks * usersPerTask)" : nil
                    b.add(.candidateCreated(.init(id: id, kind: .user, parent: parent, task: t, origin: .rewrite, text: Text.userPrompt(b.users, words: 30 + b.users * 11 % 120))))
                    ids.append(id)
                }
                kept[t] = ids
                for id in ids { b.evaluate(NodeRef(system: system, user: id, task: t), train: 50, progressEvery: 5) }
                let analysis = b.nextAnalysis()
                b.add(.analysisCreated(.init(id: analysis, target: system, kind: .system, text: Text.analysis(b.analyses), examples: [1, 2, 3])))
            }
            b.add(.selection(.init(iteration: s / 9, phase: .inner, kept: kept, currentSystem: system)))
        }
        return b.records
    }

    /// Numbers ids and records the way the engine does.
    struct Builder {
        var records: [EventRecord] = []
        var systems = 0, users = 0, analyses = 0
        var baseCalls = 0

        mutating func add(_ event: EngineEvent) {
            records.append(EventRecord(seq: records.count + 1, t: Double(records.count) * 0.05, event: event))
        }

        mutating func nextSystem() -> String { systems += 1; return "S\(systems)" }
        mutating func nextUser() -> String { users += 1; return "U\(users)" }
        mutating func nextAnalysis() -> String { analyses += 1; return "A\(analyses)" }

        /// Progress after every `progressEvery` examples, the result with every
        /// wrong answer's reply, and now and then the usage totals.
        mutating func evaluate(_ node: NodeRef, train: Int, progressEvery: Int = 1) {
            let seed = records.count
            var correct = 0
            var wrong: [EngineEvent.WrongExample] = []
            for i in 0..<train {
                baseCalls += 1
                if (seed &* 31 &+ i &* 17) % 100 < 55 {
                    correct += 1
                } else {
                    wrong.append(.init(i: i, response: Text.reply(seed + i), prediction: i % 7 == 0 ? nil : "\(i % 5)", gold: "\((i + 1) % 5)"))
                }
                if (i + 1) % progressEvery == 0 {
                    add(.evaluationProgress(.init(node: node, split: .train, done: i + 1, of: train, correct: correct)))
                }
                if baseCalls % 60 == 0 {
                    add(.usage(.init(role: .base, calls: baseCalls, promptTokens: baseCalls * 310, completionTokens: baseCalls * 90, cacheHits: baseCalls / 10)))
                }
            }
            add(.evaluationFinished(.init(node: node, split: .train, score: Double(correct) / Double(train), n: train, wrong: wrong, correct: correct)))
        }
    }

    /// Text of plausible length and variety, made from a fixed word list.
    enum Text {
        static let words = [
            "answer", "carefully", "count", "each", "item", "step", "by", "check", "the", "question", "before", "you",
            "reply", "list", "every", "object", "then", "verify", "total", "format", "exactly", "one", "number", "read",
            "twice", "consider", "options", "reason", "briefly", "final", "true", "false", "position", "start", "facing",
        ]

        static func sentence(_ seed: Int, words count: Int) -> String {
            (0..<count).map { words[(seed &* 7 &+ $0 &* 13) % words.count] }.joined(separator: " ")
        }

        static func prompt(_ seed: Int, words: Int) -> String {
            "You are a careful assistant. " + sentence(seed, words: words) + "."
        }

        static func userPrompt(_ seed: Int, words: Int) -> String {
            sentence(seed, words: words) + ".\n<Question>{question}</Question>\nAt the end present your answer in <answer> and </answer>."
        }

        static func analysis(_ seed: Int) -> String {
            "<Analysis>The prompt " + sentence(seed, words: 60) + ".</Analysis>"
        }

        static func reply(_ seed: Int) -> String {
            "Let me think. " + sentence(seed, words: 45 + seed % 40) + ". <answer>\(seed % 5)</answer>"
        }
    }
}
