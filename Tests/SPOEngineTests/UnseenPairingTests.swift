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
        let (g, se) = try #require(UnseenEvaluation.pairedGain(mine, reference))
        #expect(g.n == 8)
        #expect(abs(g.score - 0) < 1e-12)
        // Sample variance of the 8 differences 3/7, t(7) = 2.365: half-width 2.365 · sqrt(3/7/8).
        #expect(abs(se - (3.0 / 7 / 8).squareRoot()) < 1e-12)
        let half = 2.365 * se
        #expect(abs(g.high - half) < 1e-9 && abs(g.low + half) < 1e-9)
    }

    @Test func pairsOnlyQuestionsAnsweredUnderEveryPrompt() throws {
        // Question 2 failed under the reference's second prompt: it is left out on both sides.
        let mine: [[Int: Double]] = [[0: 1, 1: 1, 2: 1], [0: 1, 1: 0, 2: 1]]
        let reference: [[Int: Double]] = [[0: 0, 1: 0, 2: 0], [0: 0, 1: 0]]
        let g = try #require(UnseenEvaluation.pairedGain(mine, reference)).estimate
        #expect(g.n == 2)
        #expect(abs(g.score - 0.75) < 1e-12)
    }

    @Test func nothingToPairIsNil() {
        #expect(UnseenEvaluation.pairedGain([], []) == nil)
        #expect(UnseenEvaluation.pairedGain([[0: 1]], [[0: 1], [0: 0]]) == nil)
        #expect(UnseenEvaluation.pairedGain([[0: 1]], [[1: 1]]) == nil)
    }

    @Test func theReportMeansTaskGainsFromTheirStandardErrors() throws {
        let g = ScoreEstimate(score: 0.1, low: -1, high: 1, n: 100)
        func task(_ score: Double, _ se: Double?) -> UnseenReport.TaskResult {
            .init(task: "t", metric: "accuracy", examples: 100, userPrompts: [], systems: [], improved: .fraction(0, of: 1), gain: g,
                  pairedGain: ScoreEstimate(score: score, low: -1, high: 1, n: 100), pairedStandardError: se)
        }
        func report(_ tasks: [UnseenReport.TaskResult]) -> UnseenReport {
            UnseenReport(session: nil, run: nil, label: "given", systemID: nil, systemText: "s", baselines: [], model: "m", modelName: "m",
                         userPromptsFile: nil, tasks: tasks, usage: .init(), seconds: 0)
        }
        // Two tasks, gains +0.1 and −0.1 with standard errors 0.03 and 0.04: the mean
        // 0, its standard error √(0.03² + 0.04²) / 2 = 0.025, whatever the tasks' clamped intervals say.
        let both = try #require(report([task(0.1, 0.03), task(-0.1, 0.04)]).pairedGain)
        #expect(both.n == 200 && abs(both.score) < 1e-12)
        #expect(abs(both.high - 1.959964 * 0.025) < 1e-9 && abs(both.low + 1.959964 * 0.025) < 1e-9)
        // A task without one (an older report): no mean.
        #expect(report([task(0.1, 0.03), task(0.1, nil)]).pairedGain == nil)
    }
}
