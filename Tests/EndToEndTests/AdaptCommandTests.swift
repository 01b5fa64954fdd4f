import Foundation
import SPOCore
import SPOTestSupport
import Testing

/// `metaspo adapt` on a real session and on a given prompt, against the simulated endpoint.
@Suite(.serialized) struct AdaptCommandTests {
    // Mirrors of the `--json` document.
    struct Report: Decodable {
        struct Point: Decodable {
            var iteration: Int
            var user: String
            var train: Double?
            var test: Double?
            var low: Double?
            var high: Double?
            var n: Int?
        }
        struct Curve: Decodable {
            var task: String
            var system: String
            var points: [Point]
        }
        struct Arm: Decodable {
            var label: String
            var session: String
            var curve: Curve
        }
        struct TaskResult: Decodable {
            var task: String
            var arms: [Arm]
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
        var systemText: String
        var iterations: Int
        var tasks: [TaskResult]
        var usage: Usage
    }

    @Test func adaptsEveryUnseenTaskUnderBothSystemPromptsAndScoresEachIteration() async throws {
        let scratch = ScratchDir("adapt")
        try await EndToEndRunTests.withSimulator { sim in
            let session = try await ComparisonCommandTests.finishedRun(sim, scratch)
            let adaptDir = scratch.folder("adapt-sessions")
            let args = ["adapt", session, "--iterations", "2", "--user-candidates", "2", "--top-k", "2", "--sessions-dir", adaptDir,
                "--base-url", sim.baseURL, "--model", "sim"]
            let first = try await MetaspoChild.run(args + ["--json"], home: scratch.path, label: "adapt1")
            try #require(first.status == 0, "\(RunFixture.describe(first))")
            let report = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
            #expect(report.format == "metaspo-adapt")
            #expect(report.iterations == 2)
            #expect(report.tasks.map(\.task) == ["web_of_lies"])
            let task = try #require(report.tasks.first)
            #expect(task.arms.map(\.label) == ["optimized", "default"])
            for arm in task.arms {
                // The task's own prompt, then the best after each iteration, each on the test split.
                #expect(arm.curve.points.map(\.iteration) == [0, 1, 2], "\(arm.label)")
                for p in arm.curve.points {
                    #expect(p.n == 10 && p.test != nil, "\(arm.label) iteration \(p.iteration)")
                    #expect(p.low! <= p.test! && p.test! <= p.high!)
                }
                // Train scores of the best prompt never fall (the beam keeps its best).
                let train = arm.curve.points.compactMap(\.train)
                #expect(train == train.sorted(), "\(arm.label): \(train)")
                // The adaptation is a session: protegi, finished, one system prompt only.
                let loaded = try SessionReader.read(path: arm.session)
                let events = loaded.events.map(\.event)
                #expect(events.contains { if case .runFinished = $0 { true } else { false } })
                let systems = events.compactMap { e -> String? in
                    if case .candidateCreated(let c) = e, c.kind == .system { c.text } else { nil }
                }
                #expect(systems.count == 1)
                if case .runStarted(let r)? = events.first { #expect(r.method == "protegi") }
            }
            let optimizedSystem = try #require(try SessionReader.read(path: task.arms[0].session).events.compactMap { r -> String? in
                if case .candidateCreated(let c) = r.event, c.kind == .system { c.text } else { nil }
            }.first)
            #expect(optimizedSystem == report.systemText)
            let defaultSystem = try SessionReader.read(path: task.arms[1].session).events.compactMap { r -> String? in
                if case .candidateCreated(let c) = r.event, c.kind == .system { c.text } else { nil }
            }.first
            #expect(defaultSystem == "You are a helpful assistant.")
            #expect(report.usage.optimizer.calls > 0 && report.usage.base.calls > 0)

            // Again: the finished sessions are read back, nothing is asked.
            let counts = sim.counts
            let second = try await MetaspoChild.run(args, home: scratch.path, label: "adapt2")
            try #require(second.status == 0, "\(RunFixture.describe(second))")
            #expect(sim.counts == counts, "the second adapt asked the endpoint")
            #expect(second.stdout.contains("web_of_lies") && second.stdout.contains("UNDER THE DEFAULT") && second.stdout.contains("n=10"))
            #expect(second.stderr.contains("finished earlier"))
        }
    }

    @Test func givenSystemPromptAndItsErrors() async throws {
        let scratch = ScratchDir("adapt-given")
        try await EndToEndRunTests.withSimulator { sim in
            let adaptDir = scratch.folder("adapt-sessions")
            let args = ["adapt", "--system", "Work through the problem step by step.", "--unseen-task", "navigate", "--iterations", "1",
                "--train-size", "12", "--test-size", "10", "--user-candidates", "1", "--top-k", "1", "--sessions-dir", adaptDir,
                "--base-url", sim.baseURL, "--model", "sim", "--json"]
            let exit = try await MetaspoChild.run(args, home: scratch.path, label: "adapt-given")
            try #require(exit.status == 0, "\(RunFixture.describe(exit))")
            let report = try JSONDecoder().decode(Report.self, from: Data(exit.stdout.utf8))
            #expect(report.tasks.map(\.task) == ["navigate"])
            #expect(report.tasks[0].arms.allSatisfy { $0.curve.points.map(\.iteration) == [0, 1] })

            let none = try await MetaspoChild.run(["adapt", "--system", "Be careful.", "--base-url", sim.baseURL, "--model", "sim"], home: scratch.path, label: "adapt-none")
            #expect(none.status != 0)
            #expect(none.stderr.contains("--unseen-task"))
            let limit = try await MetaspoChild.run(["adapt", "--system", "x", "--unseen-task", "navigate", "--limit", "3"], home: scratch.path, label: "adapt-limit")
            #expect(limit.status != 0 && limit.stderr.contains("--limit does not apply to adapt"))
        }
    }
}
