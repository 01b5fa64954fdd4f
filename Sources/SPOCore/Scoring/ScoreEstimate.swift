/// A score as comparisons report it: the value, its 95% interval and the
/// number of measurements behind it. Encodes with the same keys as a run
/// summary's test scores (`score`, `low`, `high`, `n`), so those decode as one.
public struct ScoreEstimate: Sendable, Hashable, Codable {
    public var score: Double
    public var low: Double
    public var high: Double
    public var n: Int

    public init(score: Double, low: Double, high: Double, n: Int) {
        self.score = score
        self.low = low
        self.high = high
        self.n = n
    }

    public init(_ summary: ScoreSummary) {
        self.init(score: summary.score, low: summary.low, high: summary.high, n: summary.n)
    }

    /// `0.540 [0.40, 0.67] n=50`
    public var text: String {
        "\(ScoreSummary.fixed(score, 3)) [\(ScoreSummary.fixed(low, 2)), \(ScoreSummary.fixed(high, 2))] n=\(n)"
    }

    /// The same with a sign, for gains: `+0.040 [-0.02, +0.10] n=5`
    public var signedText: String {
        func signed(_ d: Double, _ digits: Int) -> String {
            let s = ScoreSummary.fixed(d, digits)
            return s.hasPrefix("-") ? s : "+" + s
        }
        return "\(signed(score, 3)) [\(signed(low, 2)), \(signed(high, 2))] n=\(n)"
    }

    /// The mean of independent scores (e.g. one per task), as the paper's
    /// "average" columns: the plain mean, `n` the total of their `n`, and an
    /// interval from their standard errors, each read back from its own 95%
    /// interval (half-width / 1.96) and combined as for a sum of independent
    /// estimates. One score is its own mean. Nil for no scores.
    /// Gains (differences) use `range` -1...1.
    public static func mean(_ parts: [ScoreEstimate], range: ClosedRange<Double> = 0...1) -> ScoreEstimate? {
        guard !parts.isEmpty else { return nil }
        if parts.count == 1 { return parts[0] }
        let k = Double(parts.count)
        let mean = parts.reduce(0) { $0 + $1.score } / k
        let variance = parts.reduce(0.0) { acc, p in
            let se = max(0, p.high - p.low) / (2 * z95)
            return acc + se * se
        }
        let half = z95 * variance.squareRoot() / k
        return ScoreEstimate(
            score: mean, low: max(range.lowerBound, mean - half), high: min(range.upperBound, mean + half), n: parts.reduce(0) { $0 + $1.n })
    }

    /// `a − b` for two scores measured apart, its interval from their standard
    /// errors (read back from their intervals) as for independent estimates,
    /// which is conservative when both were measured on the same examples;
    /// `n` is the smaller of the two.
    public static func difference(_ a: ScoreEstimate, _ b: ScoreEstimate) -> ScoreEstimate {
        let sa = max(0, a.high - a.low) / (2 * z95), sb = max(0, b.high - b.low) / (2 * z95)
        let d = a.score - b.score
        let half = z95 * (sa * sa + sb * sb).squareRoot()
        return ScoreEstimate(score: d, low: max(-1, d - half), high: min(1, d + half), n: min(a.n, b.n))
    }

    /// The mean of paired differences (gains, in [-1, 1]) with a Student-t 95%
    /// interval over the pairs; `n` is the number of pairs. One pair says
    /// nothing about spread: its interval is the whole range [-1, 1].
    public static func meanDifference(_ values: [Double]) -> ScoreEstimate? { pairedMean(values)?.estimate }

    /// `meanDifference` and the standard error of the mean (sd / √n, neither
    /// rounded nor clamped, for combining several; 1 for a single pair).
    public static func pairedMean(_ values: [Double]) -> (estimate: ScoreEstimate, standardError: Double)? {
        guard !values.isEmpty else { return nil }
        let n = values.count
        let mean = values.reduce(0, +) / Double(n)
        guard n > 1 else { return (ScoreEstimate(score: mean, low: -1, high: 1, n: 1), 1) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let standardError = (variance / Double(n)).squareRoot()
        let half = tQuantile975(df: n - 1) * standardError
        return (ScoreEstimate(score: mean, low: max(-1, mean - half), high: min(1, mean + half), n: n), standardError)
    }

    /// A fraction `hits / n` with Wilson's 95% interval.
    public static func fraction(_ hits: Int, of n: Int) -> ScoreEstimate {
        let interval = Metric.wilson(correct: hits, n: n)
        return ScoreEstimate(score: n == 0 ? 0 : Double(hits) / Double(n), low: interval.lowerBound, high: interval.upperBound, n: n)
    }

    public static let z95 = 1.959964

    /// The 97.5% quantile of Student's t with `df` degrees of freedom.
    static func tQuantile975(df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1 && df <= table.count { return table[df - 1] }
        if df > table.count { return df > 120 ? z95 : 2.042 - Double(df - 30) * (2.042 - 1.980) / 90 }
        return table[0]
    }
}
