import SPOCore
import SPOModels
import Testing
@testable import SPOEngine

/// `unseen`'s per-question paired gain on hand-made credits.
struct UnseenPairingTests {
    @Test func averagesOverPromptsThenPairsOverQuestions() throws {
        // Two user prompts, four questions asked twice (indices 0–7). Per question the
        // mean over the two prompts of (mine − reference): q0 (1−0 + 1−1)/2 = 0.5,
        // q1 (0−0 + 1−0)/2 = 0.5, q2 (1−1 + 0−0)/2 = 0, q3 (0−1 + 0−1)/2 = −1.
        func twice(_ d: [Int: Double]) -> [Int: Double] { d.merging(d.map { ($0.key + 4, $0.value) }) { a, _ in a } }
        let mine: [[Int: Double]] = [[0: 1, 1: 0, 2: 1, 3: 0], [0: 1, 1: 1, 2: 0, 3: 0]].map(twice)
        let reference: [[Int: Double]] = [[0: 0, 1: 0, 2: 1, 3: 1], [0: 1, 1: 0, 2: 0, 3: 1]].map(twice)
        let g = try #require(UnseenEvaluation.pairedGain(mine, reference))
        #expect(g.n == 8)
        #expect(abs(g.score - 0) < 1e-12)
        // Sample variance of the 8 differences 3/7, t(7) = 2.365: half-width 2.365 · sqrt(3/7/8).
        let half = 2.365 * (3.0 / 7 / 8).squareRoot()
        #expect(abs(g.high - half) < 1e-9 && abs(g.low + half) < 1e-9)
    }

    @Test func pairsOnlyQuestionsAnsweredUnderEveryPrompt() throws {
        // Question 2 failed under the reference's second prompt: it is left out on both sides.
        let mine: [[Int: Double]] = [[0: 1, 1: 1, 2: 1], [0: 1, 1: 0, 2: 1]]
        let reference: [[Int: Double]] = [[0: 0, 1: 0, 2: 0], [0: 0, 1: 0]]
        let g = try #require(UnseenEvaluation.pairedGain(mine, reference))
        #expect(g.n == 2)
        #expect(abs(g.score - 0.75) < 1e-12)
    }

    @Test func nothingToPairIsNil() {
        #expect(UnseenEvaluation.pairedGain([], []) == nil)
        #expect(UnseenEvaluation.pairedGain([[0: 1]], [[0: 1], [0: 0]]) == nil)
        #expect(UnseenEvaluation.pairedGain([[0: 1]], [[1: 1]]) == nil)
    }

    @Test func theReportMeansTaskGainsAndDropsItWhenATaskHasNone() {
        let g = ScoreEstimate(score: 0.1, low: 0.0, high: 0.2, n: 100)
        func task(_ paired: ScoreEstimate?) -> UnseenReport.TaskResult {
            .init(task: "t", metric: "accuracy", examples: 100, userPrompts: [], systems: [], improved: .fraction(0, of: 1), gain: g, pairedGain: paired)
        }
        func report(_ tasks: [UnseenReport.TaskResult]) -> UnseenReport {
            UnseenReport(session: nil, run: nil, label: "given", systemID: nil, systemText: "s", baselines: [], model: "m", modelName: "m",
                         userPromptsFile: nil, tasks: tasks, usage: .init(), seconds: 0)
        }
        let both = report([task(g), task(ScoreEstimate(score: -0.1, low: -0.2, high: 0.0, n: 100))])
        #expect(both.pairedGain?.n == 200)
        #expect(abs((both.pairedGain?.score ?? 9) - 0) < 1e-12)
        #expect(report([task(g), task(nil)]).pairedGain == nil)
    }
}
