import Foundation
import SPOCore
import SPOTestSupport
import Testing

/// `metaspo analyze robustness|transfer|scaling` against the simulated endpoint.
@Suite(.serialized) struct AnalyzeCommandTests {
    typealias Estimate = ComparisonCommandTests.Estimate

    struct Robustness: Decodable {
        struct Prompt: Decodable {
            var id: String
            var optimized: Estimate
            var reference: Estimate
            var gain: Double
        }
        struct TaskResult: Decodable {
            var task: String
            var prompts: [Prompt]
            var improved: Estimate
            var gain: Estimate
            var optimized: Estimate
            var reference: Estimate
        }
        var analysis: String
        var referenceName: String
        var tasks: [TaskResult]
        var improved: Estimate
        var gain: Estimate
    }

    struct Transfer: Decodable {
        struct TaskResult: Decodable {
            var task: String
            var role: String
            var reference: Estimate
            var optimized: Estimate
            var gain: Estimate
        }
        struct Model: Decodable {
            var name: String
            var origin: String
            var tasks: [TaskResult]
            var reference: Estimate?
            var optimized: Estimate?
            var gain: Estimate?
            var improvedTasks: Int
        }
        var analysis: String
        var models: [Model]
    }

    struct Scaling: Decodable {
        struct Point: Decodable {
            var sources: Int
            var sourceTasks: [String]
            var session: String?
            var scores: [String: Estimate]
            var mean: Estimate?
            var from: String
        }
        var analysis: String
        var method: String
        var unseenTasks: [String]
        var points: [Point]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ exit: MetaspoChild.Exit) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(exit.stdout.utf8))
    }

    @Test func robustnessCountsImprovingPromptsAndSharesThePromptsWithUnseen() async throws {
        let scratch = ScratchDir("robust")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await ComparisonCommandTests.finishedRun(sim, scratch)
            let stem = (session as NSString).deletingPathExtension
            let endpoint = ["--base-url", sim.baseURL, "--model", "sim"]
            let exit = try await MetaspoChild.run(["analyze", "robustness", session, "--prompts", "4", "--json"] + endpoint, home: scratch.path, label: "robust")
            try #require(exit.status == 0, "\(RunFixture.describe(exit))")
            let r = try Self.decode(Robustness.self, exit)
            #expect(r.analysis == "robustness" && r.referenceName == "default")
            let t = try #require(r.tasks.first)
            #expect(t.prompts.map(\.id) == ["P0", "P1", "P2", "P3"])
            for p in t.prompts {
                #expect(abs(p.gain - (p.optimized.score - p.reference.score)) < 1e-12)
                #expect(p.optimized.n == 10 && p.reference.n == 10)
            }
            let gains = t.prompts.map(\.gain)
            #expect(t.improved.n == 4 && abs(t.improved.score - Double(gains.filter { $0 > 0 }.count) / 4) < 1e-12)
            #expect(abs(t.gain.score - gains.reduce(0, +) / 4) < 1e-12 && t.gain.n == 4)
            #expect(t.gain.low <= t.gain.score && t.gain.score <= t.gain.high)
            #expect(t.optimized.n == 40 && t.reference.n == 40)
            #expect(FileManager.default.fileExists(atPath: stem + ".robustness.json"))

            // `unseen` finds the same four prompts saved beside the session: nothing drawn.
            let optimizer = sim.counts.optimizer
            let unseen = try await MetaspoChild.run(["unseen", session, "--prompts", "4", "--baseline", "default", "--json"] + endpoint, home: scratch.path, label: "unseen")
            try #require(unseen.status == 0, "\(RunFixture.describe(unseen))")
            #expect(sim.counts.optimizer == optimizer)
            let u = try ComparisonCommandTests.decode(ComparisonCommandTests.Unseen.self, unseen)
            #expect(u.usage.base.calls == 0)
            #expect(u.tasks[0].systems[0].perPrompt == t.prompts.map(\.optimized))

            // The table, for a person.
            let table = try await MetaspoChild.run(["analyze", "robustness", session, "--prompts", "4"] + endpoint, home: scratch.path, label: "table")
            #expect(table.status == 0)
            #expect(table.stdout.contains("P3 (generated)") && table.stdout.contains("all tasks") && table.stdout.contains("JSON: \(stem).robustness.json"))
        }
    }

    @Test func transferScoresEveryModelOnEveryTask() async throws {
        let scratch = ScratchDir("transfer")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await ComparisonCommandTests.finishedRun(sim, scratch)
            let endpoint = ["--base-url", sim.baseURL, "--model", "sim"]
            let before = sim.counts.base
            let exit = try await MetaspoChild.run(
                ["analyze", "transfer", session, "--target", "other-model", "--json"] + endpoint, home: scratch.path, label: "transfer")
            try #require(exit.status == 0, "\(RunFixture.describe(exit))")
            let r = try Self.decode(Transfer.self, exit)
            #expect(r.models.map(\.name) == ["sim", "other-model"])
            #expect(r.models.map(\.origin) == ["run", "target"])
            for m in r.models {
                #expect(m.tasks.map(\.task) == ["object_counting", "navigate", "web_of_lies"])
                #expect(m.tasks.map(\.role) == ["source", "source", "unseen"])
                for t in m.tasks {
                    #expect(t.reference.n == 10 && t.optimized.n == 10)
                    #expect(abs(t.gain.score - (t.optimized.score - t.reference.score)) < 1e-12)
                    #expect(t.gain.low <= t.gain.score && t.gain.score <= t.gain.high)
                }
                #expect(m.improvedTasks == m.tasks.filter { $0.optimized.score > $0.reference.score }.count)
                #expect(abs(m.gain!.score - m.tasks.map(\.gain.score).reduce(0, +) / 3) < 1e-12)
            }
            // The simulator answers alike whatever the model's name: the same scores, but
            // the other model's 3 tasks × 2 prompts × 10 examples are all new requests.
            #expect(r.models[0].tasks.map(\.optimized.score) == r.models[1].tasks.map(\.optimized.score))
            // On the run's model, only (best system, initial user prompt) on a source task
            // whose user prompt changed was never asked by the run.
            let facts = try SessionFacts(path: session)
            var initialUser: [String: String] = [:]
            for e in facts.session.events {
                if case .candidateCreated(let c) = e.event, c.kind == .user, c.origin == .initial, let task = c.task { initialUser[task] = c.id }
            }
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: (session as NSString).deletingPathExtension + ".summary.json"))) as? [String: Any]
            let changed = ((summary?["tasks"] as? [[String: Any]]) ?? []).filter { ($0["role"] as? String) == "source" && ($0["bestUser"] as? String) != initialUser[$0["task"] as? String ?? ""] }.count
            #expect(sim.counts.base - before == 60 + 10 * changed, "\(sim.counts.base - before) base calls, \(changed) source tasks changed their user prompt")

            let table = try await MetaspoChild.run(["analyze", "transfer", session, "--target", "other-model"] + endpoint, home: scratch.path, label: "table")
            #expect(table.status == 0)
            #expect(table.stdout.contains("sim (run)") && table.stdout.contains("web_of_lies (unseen)") && table.stdout.contains("tasks improved"), "\(table.stdout)")

            let bad = try await MetaspoChild.run(["analyze", "transfer", session, "--target", "m@ftp://x"] + endpoint, home: scratch.path, label: "bad1")
            #expect(bad.status != 0 && bad.stderr.contains("the endpoint after @ must be an http:// or https:// URL"))
            let none = try await MetaspoChild.run(["analyze", "transfer", session] + endpoint, home: scratch.path, label: "bad2")
            #expect(none.status != 0 && none.stderr.contains("name at least one other model with --target"))
            let local = try await MetaspoChild.run(["analyze", "transfer", session, "--target", "local:huge"] + endpoint, home: scratch.path, label: "bad3")
            #expect(local.status != 0 && local.stderr.contains("unknown embedded model \"huge\""))
        }
    }

    struct Adaptation: Decodable {
        struct IterationPoint: Decodable {
            var iteration: Int
            var test: Estimate?
        }
        struct ExamplesPoint: Decodable {
            var trainSize: Int
            var final: Estimate?
        }
        struct Reach: Decodable {
            var iteration: Int?
            var trainSize: Int?
        }
        struct Arm: Decodable {
            var label: String
            var iterations: [IterationPoint]
            var examples: [ExamplesPoint]
            var reach: Reach
            var sessions: [String]
        }
        struct TaskResult: Decodable {
            var task: String
            var target: Estimate?
            var arms: [Arm]
        }
        var analysis: String
        var trainSizes: [Int]
        var tasks: [TaskResult]
    }

    @Test func adaptationDrawsCurvesAndFindsWhereEachReachesTheDefault() async throws {
        let scratch = ScratchDir("adaptation")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await ComparisonCommandTests.finishedRun(sim, scratch)
            let adaptDir = scratch.folder("adapt")
            let args = ["analyze", "adaptation", session, "--train-sizes", "6,3", "--iterations", "2", "--sessions-dir", adaptDir,
                "--base-url", sim.baseURL, "--model", "sim"]
            let first = try await MetaspoChild.run(args + ["--json"], home: scratch.path, label: "adapt1")
            try #require(first.status == 0, "\(RunFixture.describe(first))")
            let r = try Self.decode(Adaptation.self, first)
            #expect(r.analysis == "adaptation" && r.trainSizes == [3, 6])
            let t = try #require(r.tasks.first)
            #expect(r.tasks.map(\.task) == ["web_of_lies"])
            #expect(t.arms.map(\.label) == ["optimized", "default"])
            let reference = try #require(t.arms.first { $0.label == "default" })
            // The target is the default's last score at the largest train size.
            #expect(t.target == reference.examples.last?.final)
            #expect(t.target == reference.iterations.last?.test)
            for arm in t.arms {
                #expect(arm.iterations.map(\.iteration) == [0, 1, 2])
                #expect(arm.iterations.allSatisfy { $0.test?.n == 10 })
                #expect(arm.examples.map(\.trainSize) == [3, 6])
                #expect(arm.sessions.count == 2 && arm.sessions.allSatisfy { FileManager.default.fileExists(atPath: $0) })
                // Where it first reaches the target, recomputed from its own curves.
                let goal = t.target!.score
                #expect(arm.reach.iteration == arm.iterations.first { ($0.test?.score ?? -1) >= goal }?.iteration)
                #expect(arm.reach.trainSize == arm.examples.first { ($0.final?.score ?? -1) >= goal }?.trainSize)
            }
            // The default reaches its own final score by its last iteration at the largest size.
            #expect(reference.reach.iteration != nil && reference.reach.trainSize != nil)
            let files = try FileManager.default.contentsOfDirectory(atPath: adaptDir).filter { $0.hasSuffix(".jsonl") }
            #expect(files.count == 4, "\(files)")

            // Again: every adaptation is read back; nothing is asked.
            let counts = sim.counts
            let second = try await MetaspoChild.run(args, home: scratch.path, label: "adapt2")
            try #require(second.status == 0, "\(RunFixture.describe(second))")
            #expect(sim.counts == counts, "the second analysis asked the endpoint")
            #expect(second.stdout.contains("reaches target at") && second.stdout.contains("3 train examples"), "\(second.stdout)")

            let bad = try await MetaspoChild.run(["analyze", "adaptation", session, "--train-sizes", "4,zero"], home: scratch.path, label: "bad")
            #expect(bad.status != 0 && bad.stderr.contains("--train-sizes: \"zero\" is not a whole number of at least 1"))
        }
    }

    @Test func scalingRunsOneToNSourceTasksThenReusesThem() async throws {
        let scratch = ScratchDir("scaling")
        try await EndToEndRunTests.withSimulator { sim in
            let sessions = scratch.folder("sessions")
            let args = ["analyze", "scaling"] + RunFixture.sourceTasks.flatMap { ["--task", $0] } + RunFixture.unseenTasks.flatMap { ["--unseen-task", $0] }
                + RunFixture.knobs + ["--base-url", sim.baseURL, "--model", "sim", "--sessions-dir", sessions]
            let out = scratch.path + "/scaling.json"
            let first = try await MetaspoChild.run(args + ["--out", out], home: scratch.path, label: "scaling1")
            try #require(first.status == 0, "\(RunFixture.describe(first))")
            #expect(first.stdout.contains("runs: 2 made, 0 reused"), "\(first.stdout)")
            let made = try JSONDecoder().decode(Scaling.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
            #expect(made.analysis == "scaling" && made.method == "metaspo" && made.unseenTasks == ["web_of_lies"])
            #expect(made.points.map(\.sources) == [0, 1, 2])
            #expect(made.points[1].sourceTasks == ["object_counting"] && made.points[2].sourceTasks == ["object_counting", "navigate"])
            // Each point is its run's unseen score as the run's summary gives it.
            for p in made.points.dropFirst() {
                let path = try #require(p.session)
                #expect((path as NSString).lastPathComponent.hasPrefix("scaling-k\(p.sources)-"))
                let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: (path as NSString).deletingPathExtension + ".summary.json"))) as? [String: Any]
                let unseen = ((summary?["tasks"] as? [[String: Any]]) ?? []).first { ($0["role"] as? String) == "unseen" }
                let optimized = unseen?["optimizedTest"] as? [String: Any]
                #expect(p.scores["web_of_lies"]?.score == optimized?["score"] as? Double)
                #expect(p.scores["web_of_lies"]?.n == 10 && p.mean?.n == 10 && p.from == "summary")
                let facts = try SessionFacts(path: path)
                #expect(facts.finished == 1)
            }

            // Again: both runs are found finished and reused; nothing is asked.
            let counts = sim.counts
            let second = try await MetaspoChild.run(args + ["--json"], home: scratch.path, label: "scaling2")
            try #require(second.status == 0, "\(RunFixture.describe(second))")
            #expect(sim.counts == counts, "the second analysis asked the endpoint")
            let again = try Self.decode(Scaling.self, second)
            #expect(again.points.map(\.scores) == made.points.map(\.scores))

            // The same curve from the sessions themselves.
            let paths = made.points.compactMap(\.session)
            let fromSessions = try await MetaspoChild.run(["analyze", "scaling"] + paths.reversed() + ["--json"], home: scratch.path, label: "scaling3")
            try #require(fromSessions.status == 0, "\(RunFixture.describe(fromSessions))")
            let curve = try Self.decode(Scaling.self, fromSessions)
            #expect(curve.points.map(\.sources) == [0, 1, 2])
            #expect(curve.points.map(\.scores) == made.points.map(\.scores))

            // Two runs of one method in one table: told apart by run id; the run with one
            // source task has no number for the other, and its source mean says so.
            let compared = try await MetaspoChild.run(["compare"] + paths + ["--json"], home: scratch.path, label: "compare")
            try #require(compared.status == 0, "\(RunFixture.describe(compared))")
            let table = try JSONDecoder().decode(ComparisonCommandTests.Table.self, from: Data(compared.stdout.utf8))
            let runs = paths.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            #expect(table.rows.map(\.label) == ["metaspo (\(runs[0]))", "metaspo (\(runs[1]))", "default"])
            #expect(table.columns.map(\.task) == ["object_counting", "navigate", "web_of_lies"])
            #expect(table.rows[0].cells[1] == nil && table.rows[0].incompleteMeans == ["source"])
            #expect(table.rows[1].incompleteMeans.isEmpty)
            // Both runs scored the default prompt on object_counting and web_of_lies alike: no conflict to note.
            #expect(table.notes.isEmpty, "\(table.notes)")

            let mixed = try await MetaspoChild.run(["analyze", "scaling", paths[0], "--task", "navigate"], home: scratch.path, label: "bad1")
            #expect(mixed.status != 0 && mixed.stderr.contains("give sessions, or a config"))
            let noUnseen = try await MetaspoChild.run(
                ["analyze", "scaling", "--task", "navigate", "--base-url", sim.baseURL, "--model", "sim"], home: scratch.path, label: "bad2")
            #expect(noUnseen.status != 0 && noUnseen.stderr.contains("scaling is measured on unseen tasks"))
            #expect(sim.counts == counts)
        }
    }
}
