import Foundation
import SPOCore
import SPOTestSupport
import Testing

/// `metaspo unseen` and `metaspo compare` on a real session, against the simulated endpoint.
@Suite(.serialized) struct ComparisonCommandTests {
    // What the tests read out of `unseen --json` (mirrors of the report, so the
    // test checks the document a user gets, not the types that wrote it).
    struct Estimate: Decodable, Equatable {
        var score: Double
        var low: Double
        var high: Double
        var n: Int
    }

    struct Unseen: Decodable {
        struct Prompt: Decodable {
            var id: String
            var origin: String
            var text: String
        }
        struct System: Decodable {
            var name: String
            var role: String
            var overall: Estimate
            var perPrompt: [Estimate]
        }
        struct TaskResult: Decodable {
            var task: String
            var examples: Int
            var userPrompts: [Prompt]
            var systems: [System]
            var improved: Estimate
            var gain: Estimate
            var pairedGain: Estimate?
        }
        struct Usage: Decodable {
            struct Role: Decodable {
                var calls: Int
                var cacheHits: Int
            }
            var base: Role
            var optimizer: Role
        }
        var format: String
        var label: String
        var systemText: String
        var tasks: [TaskResult]
        var means: [String: Estimate]
        var improved: Estimate
        var usage: Usage
        var userPromptsFile: String?
    }

    struct Table: Decodable {
        struct Column: Decodable, Equatable {
            var task: String
            var role: String
        }
        struct Cell: Decodable {
            var estimate: Estimate
            var from: String
        }
        struct Row: Decodable {
            var label: String
            var kind: String
            var cells: [Cell?]
            var means: [String: Estimate]
            var incompleteMeans: [String]
        }
        var columns: [Column]
        var rows: [Row]
        var notes: [String]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ exit: MetaspoChild.Exit) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(exit.stdout.utf8))
    }

    /// One finished run (two source tasks, one unseen task) to look back at.
    static func finishedRun(_ sim: SimulatedEndpoint, _ scratch: ScratchDir) async throws -> String {
        let sessions = scratch.folder("sessions")
        let exit = try await MetaspoChild.run(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions), home: scratch.path, label: "run")
        try #require(exit.status == 0, "\(RunFixture.describe(exit))")
        return try #require(RunFixture.sessionFile(in: sessions))
    }

    @Test func unseenDrawsPromptsOnceAndCountsImprovementsRight() async throws {
        let scratch = ScratchDir("unseen")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await Self.finishedRun(sim, scratch)
            let stem = (session as NSString).deletingPathExtension
            let endpoint = ["--base-url", sim.baseURL, "--model", "sim"]
            let before = sim.counts

            let first = try await MetaspoChild.run(["unseen", session, "--prompts", "3", "--json"] + endpoint, home: scratch.path, label: "unseen1")
            try #require(first.status == 0, "\(RunFixture.describe(first))")
            let report = try Self.decode(Unseen.self, first)
            let afterFirst = sim.counts
            #expect(report.format == "metaspo-unseen")
            #expect(report.label == "metaspo")
            let task = try #require(report.tasks.first)
            #expect(report.tasks.map(\.task) == ["web_of_lies"])
            #expect(task.examples == 10)
            // P0 is the task's own prompt, then two drawn by the optimizer.
            #expect(task.userPrompts.map(\.id) == ["P0", "P1", "P2"])
            #expect(task.userPrompts.map(\.origin) == ["task", "generated", "generated"])
            #expect(task.userPrompts.allSatisfy { $0.text.components(separatedBy: "{question}").count == 2 })
            #expect(Set(task.userPrompts.map(\.text)).count == 3)
            // The optimized prompt, then every shipped baseline, default first.
            #expect(task.systems.map(\.name) == ["optimized", "default", "chain-of-thought", "service"])
            for s in task.systems {
                #expect(s.perPrompt.count == 3 && s.perPrompt.allSatisfy { $0.n == 10 }, "\(s.name)")
                #expect(s.overall.n == 30, "\(s.name)")
                // Accuracy pooled over equal-sized evaluations is the mean of the per-prompt scores.
                let mean = s.perPrompt.map(\.score).reduce(0, +) / 3
                #expect(abs(s.overall.score - mean) < 1e-9, "\(s.name)")
                #expect(s.overall.low <= s.overall.score && s.overall.score <= s.overall.high)
            }
            // Improvements counted prompt by prompt against the default baseline.
            let mine = task.systems[0].perPrompt.map(\.score), reference = task.systems[1].perPrompt.map(\.score)
            let wins = zip(mine, reference).filter { $0 > $1 }.count
            #expect(task.improved.n == 3)
            #expect(abs(task.improved.score - Double(wins) / 3) < 1e-9)
            #expect(report.improved.n == 3 && abs(report.improved.score - Double(wins) / 3) < 1e-9)
            let gains = zip(mine, reference).map { $0 - $1 }
            #expect(abs(task.gain.score - gains.reduce(0, +) / 3) < 1e-9)
            #expect(task.gain.n == 3)
            // Paired per question (n = questions): with every question answered under
            // every prompt, its mean is the mean of the per-prompt differences.
            let paired = try #require(task.pairedGain)
            #expect(paired.n == 10 && abs(paired.score - task.gain.score) < 1e-9)
            #expect(paired.low <= paired.score && paired.score <= paired.high)
            #expect(abs(report.means["optimized"]!.score - task.systems[0].overall.score) < 1e-9)

            // Calls: two prompts drawn; 4 systems × 3 prompts × 10 examples, less the
            // 20 the run had asked (its own prompt under the initial = default and the best prompt).
            let optimizerCalls = afterFirst.optimizer - before.optimizer
            #expect(optimizerCalls >= 2 && optimizerCalls == report.usage.optimizer.calls)
            #expect(afterFirst.byKind[.apeResample, default: 0] - before.byKind[.apeResample, default: 0] == optimizerCalls)
            #expect(afterFirst.base - before.base == 100, "\(afterFirst.base - before.base) base calls")
            #expect(report.usage.base.calls == 100 && report.usage.base.cacheHits == 20)
            #expect(FileManager.default.fileExists(atPath: stem + ".unseen.json"))
            let saved = try String(contentsOfFile: stem + ".user-prompts.json", encoding: .utf8)
            #expect(report.userPromptsFile == stem + ".user-prompts.json")
            #expect(saved.contains("metaspo-user-prompts"))

            // `eval` sends the very requests `unseen` sent (one base-request pipeline, seed
            // included): the optimized prompt under the task's own prompt is all cached.
            let evalBefore = sim.counts.base
            let eval = try await MetaspoChild.run(
                ["eval", "--system", report.systemText, "--task", "web_of_lies", "--test-size", "10", "--json"] + endpoint, home: scratch.path, label: "eval")
            try #require(eval.status == 0, "\(RunFixture.describe(eval))")
            #expect(sim.counts.base == evalBefore, "eval asked \(sim.counts.base - evalBefore) questions unseen had asked")
            let evaluated = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
            let row = try #require((evaluated?["tasks"] as? [[String: Any]])?.first)
            #expect(row["cacheHits"] as? Int == 10 && row["calls"] as? Int == 0)
            #expect(abs((row["score"] as? Double ?? -1) - task.systems[0].perPrompt[0].score) < 1e-9)

            // A second run draws nothing and asks nothing: the same prompts from the file, the answers from the cache.
            let second = try await MetaspoChild.run(["unseen", session, "--prompts", "3", "--json"] + endpoint, home: scratch.path, label: "unseen2")
            try #require(second.status == 0, "\(RunFixture.describe(second))")
            let again = try Self.decode(Unseen.self, second)
            #expect(sim.counts.optimizer == afterFirst.optimizer, "the second run asked the optimizer")
            #expect(sim.counts.base == afterFirst.base, "the second run asked the base model")
            #expect(again.usage.optimizer.calls == 0 && again.usage.base.calls == 0 && again.usage.base.cacheHits == 120)
            #expect(again.tasks[0].userPrompts.map(\.text) == task.userPrompts.map(\.text))
            #expect(again.tasks[0].systems.map(\.overall) == task.systems.map(\.overall))

            // Asking for one more prompt draws exactly that one and keeps the others.
            let more = try await MetaspoChild.run(["unseen", session, "--prompts", "4", "--baseline", "default", "--json"] + endpoint, home: scratch.path, label: "unseen3")
            try #require(more.status == 0, "\(RunFixture.describe(more))")
            let four = try Self.decode(Unseen.self, more)
            #expect(four.tasks[0].userPrompts.count == 4)
            #expect(Array(four.tasks[0].userPrompts.prefix(3).map(\.text)) == task.userPrompts.map(\.text))
            #expect(four.tasks[0].systems.map(\.name) == ["optimized", "default"])
            #expect(four.usage.optimizer.calls >= 1 && four.usage.optimizer.calls <= 3)
            // The new prompt's 2 × 10 evaluations are new; the rest are cached.
            #expect(four.usage.base.calls == 20 && four.usage.base.cacheHits == 60)

            // The human table.
            let table = try await MetaspoChild.run(["unseen", session, "--prompts", "3"] + endpoint, home: scratch.path, label: "unseen4")
            #expect(table.status == 0)
            #expect(table.stdout.contains("web_of_lies") && table.stdout.contains("IMPROVED vs default") && table.stdout.contains("n=30"))
            #expect(table.stdout.contains("GAIN per question") && table.stdout.contains("Paired over all tasks: "))
            #expect(table.stdout.contains("saved: \(stem).unseen.json"))
        }
    }

    @Test func compareBuildsOneTableFromSummaryAndUnseenResult() async throws {
        let scratch = ScratchDir("compare")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await Self.finishedRun(sim, scratch)
            let endpoint = ["--base-url", sim.baseURL, "--model", "sim"]

            // Before `unseen`: the summary only (the run's initial prompt is the default baseline).
            let plain = try await MetaspoChild.run(["compare", session, "--json"], home: scratch.path, label: "compare1")
            try #require(plain.status == 0, "\(RunFixture.describe(plain))")
            let t1 = try Self.decode(Table.self, plain)
            #expect(t1.columns == [.init(task: "object_counting", role: "source"), .init(task: "navigate", role: "source"), .init(task: "web_of_lies", role: "unseen")])
            #expect(t1.rows.map(\.label) == ["metaspo", "default"])
            #expect(t1.rows.allSatisfy { $0.cells.allSatisfy { $0?.estimate.n == 10 } })

            let unseen = try await MetaspoChild.run(["unseen", session, "--prompts", "2", "--json"] + endpoint, home: scratch.path, label: "unseen")
            try #require(unseen.status == 0, "\(RunFixture.describe(unseen))")
            let report = try Self.decode(Unseen.self, unseen)
            let out = scratch.path + "/table.md"
            let calls = sim.counts
            let both = try await MetaspoChild.run(["compare", session, "--json", "--out", out], home: scratch.path, label: "compare2")
            try #require(both.status == 0, "\(RunFixture.describe(both))")
            #expect(sim.counts == calls, "compare asked the endpoint")
            let t2 = try Self.decode(Table.self, both)
            #expect(t2.rows.map(\.label) == ["metaspo", "default", "chain-of-thought", "service"])
            let method = t2.rows[0], reference = t2.rows[1], cot = t2.rows[2]
            // The unseen result (2 prompts × 10) wins over the summary's single prompt.
            #expect(method.cells[2]?.estimate == report.tasks[0].systems[0].overall)
            #expect(method.cells[2]?.estimate.n == 20)
            #expect(reference.cells[2]?.estimate.n == 20)
            // Source tasks come from the summary; a baseline the run never scored there has no cell.
            #expect(method.cells[0]?.estimate.n == 10 && reference.cells[0]?.estimate.n == 10)
            #expect(cot.cells[0] == nil && cot.cells[1] == nil && cot.cells[2]?.estimate.n == 20)
            #expect(cot.incompleteMeans.isEmpty && cot.means["source"] == nil)
            let sourceMean = (method.cells[0]!.estimate.score + method.cells[1]!.estimate.score) / 2
            #expect(abs(method.means["source"]!.score - sourceMean) < 1e-9)
            #expect(method.means["source"]!.n == 20)
            let markdown = try String(contentsOfFile: out, encoding: .utf8)
            #expect(markdown.contains("| system prompt | object_counting (source) | navigate (source) | source mean | web_of_lies (unseen) | unseen mean |"))
            #expect(markdown.contains("| chain-of-thought | – | – | – |"))

            // A run of another method joins as its own row, named by its method; the
            // default's numbers from both runs agree, so there is nothing to note.
            let other = scratch.folder("outer-only")
            let outerOnly = try await MetaspoChild.run(
                RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: other) + ["--method", "outer-only"], home: scratch.path, label: "run2")
            try #require(outerOnly.status == 0, "\(RunFixture.describe(outerOnly))")
            let second = try #require(RunFixture.sessionFile(in: other))
            let two = try await MetaspoChild.run(["compare", session, second, "--json"], home: scratch.path, label: "compare3")
            try #require(two.status == 0, "\(RunFixture.describe(two))")
            let t3 = try Self.decode(Table.self, two)
            #expect(t3.rows.map(\.label) == ["metaspo", "outer-only", "default", "chain-of-thought", "service"])
            #expect(t3.rows[1].cells.allSatisfy { $0?.estimate.n == 10 })
            #expect(t3.notes.isEmpty, "\(t3.notes)")

            // Bad inputs: one clear line each.
            let missing = try await MetaspoChild.run(["compare", scratch.path + "/nope.jsonl"], home: scratch.path, label: "bad1")
            #expect(missing.status != 0 && missing.stderr.contains("nope.jsonl: file not found"))
            let junk = scratch.path + "/junk.json"
            try Data("{\"hello\": 1}".utf8).write(to: URL(fileURLWithPath: junk))
            let wrong = try await MetaspoChild.run(["compare", junk], home: scratch.path, label: "bad2")
            #expect(wrong.status != 0 && wrong.stderr.contains("junk.json: neither a run summary"), "\(wrong.stderr)")
        }
    }

    @Test func unseenRefusesBadInputsClearly() async throws {
        let scratch = ScratchDir("unseen-bad")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await Self.finishedRun(sim, scratch)
            let endpoint = ["--base-url", sim.baseURL, "--model", "sim"]
            let calls = sim.counts
            func run(_ args: [String], _ label: String) async throws -> MetaspoChild.Exit {
                try await MetaspoChild.run(args + endpoint, home: scratch.path, label: label)
            }

            let bad = scratch.path + "/prompts.json"
            try Data(#"{"tasks": {"web_of_lies": ["Answer <Question>{question}</Question>", "Answer the question."]}}"#.utf8).write(to: URL(fileURLWithPath: bad))
            let noSlot = try await run(["unseen", session, "--user-prompts", bad], "bad1")
            #expect(noSlot.status != 0)
            #expect(noSlot.stderr.contains("prompts.json: tasks.web_of_lies[1]: the prompt has no {question} slot"), "\(noSlot.stderr)")

            let baseline = try await run(["unseen", session, "--baseline", "nope"], "bad2")
            #expect(baseline.status != 0 && baseline.stderr.contains("unknown baseline \"nope\" (baselines: default, chain-of-thought, service"), "\(baseline.stderr)")

            let both = try await run(["unseen", session, "--system", "Be careful."], "bad3")
            #expect(both.status != 0 && both.stderr.contains("give a session or --system, not both"))

            let neither = try await run(["unseen"], "bad4")
            #expect(neither.status != 0 && neither.stderr.contains("name a session file, or give --system"))

            let noTasks = try await run(["unseen", "--system", "Be careful."], "bad5")
            #expect(noTasks.status != 0 && noTasks.stderr.contains("no unseen tasks in the config; name some with --unseen-task"), "\(noTasks.stderr)")

            let unknownTask = try await run(["unseen", session, "--unseen-task", "no_such_task"], "bad6")
            #expect(unknownTask.status != 0 && unknownTask.stderr.contains("no_such_task"))

            let notSession = scratch.path + "/empty.jsonl"
            _ = FileManager.default.createFile(atPath: notSession, contents: Data())
            let empty = try await run(["unseen", notSession], "bad7")
            #expect(empty.status != 0 && empty.stderr.contains("empty.jsonl"), "\(empty.stderr)")
            #expect(sim.counts == calls, "a refused command asked the endpoint")

            // A good file given with --user-prompts is used as it is: nothing drawn.
            let good = scratch.path + "/good.json"
            try Data(#"{"tasks": {"web_of_lies": ["Think it through. <Question>{question}</Question> Put the answer in <answer></answer>."]}}"#.utf8).write(to: URL(fileURLWithPath: good))
            let given = try await run(["unseen", session, "--user-prompts", good], "good")
            try #require(given.status == 0, "\(RunFixture.describe(given))")
            #expect(sim.counts.optimizer == calls.optimizer)
            #expect(given.stdout.contains("2 user prompts per task"), "\(given.stdout)")

            // A baseline of the user's own, beside the shipped ones; one with the question slot is refused.
            let own = scratch.path + "/config/metaspo/prompts/baselines"
            try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
            try Data("Answer tersely.\n".utf8).write(to: URL(fileURLWithPath: own + "/terse.txt"))
            try Data("Answer {question}.\n".utf8).write(to: URL(fileURLWithPath: own + "/broken.txt"))
            let terse = try await run(["unseen", session, "--prompts", "1", "--baseline", "terse", "--json"], "terse")
            try #require(terse.status == 0, "\(RunFixture.describe(terse))")
            let withTerse = try Self.decode(Unseen.self, terse)
            #expect(withTerse.tasks[0].systems.map(\.name) == ["optimized", "default", "terse"])
            #expect(withTerse.tasks[0].userPrompts.map(\.id) == ["P0"])
            let broken = try await run(["unseen", session, "--baseline", "broken"], "broken")
            #expect(broken.status != 0 && broken.stderr.contains("broken.txt: a system prompt must not contain the {question} slot"), "\(broken.stderr)")
        }
    }
}
