import Testing
@testable import SPOCore

struct MetricTests {
    func item(_ p: String?, _ gold: String) -> ScoredItem {
        let prediction: Prediction = p.map { .answer($0) } ?? .formatError
        return ScoredItem(prediction: prediction, goldLabel: gold, correct: p == gold)
    }

    @Test func accuracyAndExactMatch() {
        let items = [item("a", "a"), item("b", "a"), item(nil, "a"), item("c", "c")]
        #expect(Metric.accuracy.score(items) == 0.5)
        #expect(Metric.exactMatch.score(items) == 0.5)
        #expect(Metric.accuracy.score([]) == 0)
    }

    @Test func macroF1MatchesHandComputation() {
        // gold: yes yes no no; pred: yes no no <format error>
        let items = [item("yes", "yes"), item("no", "yes"), item("no", "no"), item(nil, "no")]
        // yes: tp1 fp0 fn1 → 2/3; no: tp1 fp1 fn1 → 1/2; format error: tp0 fp1 → 0.
        let expected = (2.0 / 3.0 + 0.5 + 0) / 3
        #expect(abs(Metric.macroF1.score(items) - expected) < 1e-12)
    }

    @Test func macroF1PerfectIsOne() {
        let items = [item("yes", "yes"), item("no", "no")]
        #expect(Metric.macroF1.score(items) == 1)
    }

    @Test func wilsonInterval() {
        let ci = Metric.wilson(correct: 27, n: 50)
        #expect(ci.lowerBound > 0.40 && ci.lowerBound < 0.41)
        #expect(ci.upperBound > 0.67 && ci.upperBound < 0.68)
        #expect(Metric.wilson(correct: 0, n: 10).lowerBound == 0)
        #expect(Metric.wilson(correct: 10, n: 10).upperBound == 1)
    }

    @Test func bootstrapIntervalContainsScore() {
        let items = (0..<60).map { i in item(i % 3 == 0 ? "no" : "yes", i % 4 == 0 ? "no" : "yes") }
        let score = Metric.macroF1.score(items)
        let ci = Metric.macroF1.interval(items)
        #expect(ci.lowerBound <= score && score <= ci.upperBound)
        #expect(ci == Metric.macroF1.interval(items), "seeded bootstrap is deterministic")
    }

    @Test func gradedCredit() {
        var items = [item("x", "y"), item("y", "y")]
        items[0].credit = 0.25
        items[1].credit = 0.75
        #expect(Metric.accuracy.score(items) == 0.5)
    }

    @Test func fixedFormatting() {
        #expect(ScoreSummary.fixed(0.5404, 3) == "0.540")
        #expect(ScoreSummary.fixed(1, 2) == "1.00")
        #expect(ScoreSummary.fixed(0.005, 2) == "0.01")
    }
}
