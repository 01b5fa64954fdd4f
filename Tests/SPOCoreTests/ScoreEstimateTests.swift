import Foundation
import SPOCore
import Testing

/// The arithmetic behind comparison tables and analyses.
@Suite struct ScoreEstimateTests {
    @Test func meanOfTaskScoresCombinesTheirStandardErrors() throws {
        let a = ScoreEstimate(score: 0.6, low: 0.6 - 1.959964 * 0.05, high: 0.6 + 1.959964 * 0.05, n: 100)
        let b = ScoreEstimate(score: 0.8, low: 0.8 - 1.959964 * 0.05, high: 0.8 + 1.959964 * 0.05, n: 50)
        let m = try #require(ScoreEstimate.mean([a, b]))
        #expect(abs(m.score - 0.7) < 1e-12)
        #expect(m.n == 150)
        // se of the mean = sqrt(0.05² + 0.05²) / 2
        let half = 1.959964 * (0.05 * 0.05 * 2).squareRoot() / 2
        #expect(abs(m.low - (0.7 - half)) < 1e-9 && abs(m.high - (0.7 + half)) < 1e-9)
        #expect(ScoreEstimate.mean([a]) == a)
        #expect(ScoreEstimate.mean([]) == nil)
        // Clamped to the score range.
        let top = ScoreEstimate(score: 1, low: 0.7, high: 1, n: 10)
        #expect(ScoreEstimate.mean([top, top])!.high == 1)
    }

    @Test func meanDifferenceUsesStudentT() throws {
        let d = try #require(ScoreEstimate.meanDifference([0.1, 0.3, -0.1, 0.1]))
        #expect(abs(d.score - 0.1) < 1e-12 && d.n == 4)
        // sd = sqrt(((0)² + 0.2² + 0.2² + 0²) / 3); t(3) = 3.182
        let half = 3.182 * ((0.08 / 3).squareRoot() / 2)
        #expect(abs(d.high - (0.1 + half)) < 1e-9 && abs(d.low - (0.1 - half)) < 1e-9)
        let one = try #require(ScoreEstimate.meanDifference([0.2]))
        #expect(one.low == -1 && one.high == 1 && one.n == 1)
        #expect(ScoreEstimate.meanDifference([]) == nil)
    }

    @Test func fractionIsWilson() {
        let f = ScoreEstimate.fraction(3, of: 5)
        #expect(f.score == 0.6 && f.n == 5)
        let w = Metric.wilson(correct: 3, n: 5)
        #expect(f.low == w.lowerBound && f.high == w.upperBound)
        #expect(ScoreEstimate.fraction(0, of: 4).low == 0)
    }

    @Test func differenceOfTwoScores() {
        let a = ScoreEstimate(score: 0.7, low: 0.6, high: 0.8, n: 40), b = ScoreEstimate(score: 0.5, low: 0.4, high: 0.6, n: 30)
        let d = ScoreEstimate.difference(a, b)
        #expect(abs(d.score - 0.2) < 1e-12 && d.n == 30)
        let half = (0.1 * 0.1 * 2).squareRoot()
        #expect(abs(d.high - (0.2 + half)) < 1e-9)
        #expect(d.signedText.hasPrefix("+0.200 ["))
    }

    @Test func userPromptFilesAreCheckedFieldByField() throws {
        let dir = NSTemporaryDirectory() + "metaspo-prompts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func file(_ text: String) throws -> String {
            let p = dir + "/p-\(UUID().uuidString).json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
        func problem(_ text: String) throws -> String {
            let p = try file(text)
            do {
                _ = try UserPromptSet.read(path: p)
                return "no error"
            } catch {
                return error.message.replacingOccurrences(of: p, with: "F")
            }
        }
        #expect(try problem(#"{"tasks": {"t": ["a {question}", "b {question} {question}"]}}"#) == "F: tasks.t[1]: the prompt has the {question} slot 2 times; it needs it exactly once")
        #expect(try problem(#"{"tasks": {"t": [3]}}"#) == "F: tasks.t[0]: must be a string, not a number")
        #expect(try problem(#"{"prompts": []}"#).hasPrefix("F: tasks: missing"))
        #expect(try problem(#"{"format": "other", "tasks": {}}"#) == "F: format: is \"other\", expected \"metaspo-user-prompts\"")
        #expect(try problem("{\"tasks\": ").hasPrefix("F: invalid JSON"))

        // Both spellings read; writing and reading back keeps everything.
        let set = try UserPromptSet.read(path: try file(#"{"tasks": {"a": ["x {question}"], "b": {"prompts": ["y {question}"], "generated_by": "m"}}}"#))
        #expect(set.tasks["a"] == .init(prompts: ["x {question}"]))
        #expect(set.tasks["b"] == .init(prompts: ["y {question}"], generatedBy: "m"))
        let out = dir + "/out.json"
        try set.write(to: out)
        #expect(try UserPromptSet.read(path: out) == set)
    }
}
