import Foundation

/// The difference between two prompts scored on the same examples, with the
/// uncertainty of a paired comparison.
///
/// Each example gives one difference (right minus right: -1, 0 or 1; or
/// partial credit minus partial credit), so what varies between prompts is
/// measured apart from how hard each question is. The interval is Student's t
/// on those differences: with right/wrong scores it equals a test on the
/// discordant pairs (one prompt right where the other is wrong) in large
/// samples, and it stays defined at small n, where it is wide. No discordant
/// pair at all gives a zero-width interval at zero: "no difference shown".
///
/// ```swift
/// let d = PairedDifference([(1, 0), (1, 1), (0, 0), (1, 0)])  // candidate, incumbent
/// d.mean            // 0.5
/// d.lowerBound(level: 0.90) > 0   // false at n = 4
/// ```
public struct PairedDifference: Sendable, Hashable, Codable {
    public var mean: Double
    public var n: Int
    /// Standard error of the mean difference.
    public var standardError: Double
    /// Examples where the first prompt did better, and where worse.
    public var better: Int
    public var worse: Int

    public init(_ pairs: [(Double, Double)]) {
        n = pairs.count
        let diffs = pairs.map { $0.0 - $0.1 }
        better = diffs.filter { $0 > 0 }.count
        worse = diffs.filter { $0 < 0 }.count
        guard n > 0 else {
            mean = 0
            standardError = 0
            return
        }
        let m = diffs.reduce(0, +) / Double(n)
        mean = m
        guard n > 1 else {
            standardError = .infinity
            return
        }
        let variance = diffs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        standardError = (variance / Double(n)).squareRoot()
    }

    /// The one-sided lower confidence bound at `level` (e.g. 0.90).
    public func lowerBound(level: Double) -> Double {
        guard n > 1 else { return -.infinity }
        return mean - Self.tQuantile(level, df: n - 1) * standardError
    }

    /// The two-sided 95% interval as a score estimate of the difference (-1…1).
    public var estimate: ScoreEstimate {
        guard n > 1, standardError.isFinite else { return ScoreEstimate(score: mean, low: -1, high: 1, n: n) }
        let half = Self.tQuantile(0.975, df: n - 1) * standardError
        return ScoreEstimate(score: mean, low: max(-1, mean - half), high: min(1, mean + half), n: n)
    }

    /// What a reader may conclude at 95%: `better`, `worse`, or no difference shown.
    public var verdict: String {
        let e = estimate
        if e.low > 0 { return "better" }
        if e.high < 0 { return "worse" }
        return "no difference shown"
    }

    /// Student's t quantile for the probabilities this type uses (0.80–0.995),
    /// from a table of the usual levels; the normal quantile beyond 120 degrees
    /// of freedom. Other levels take the nearest tabled one at or above.
    /// (Textbook values, rounded to three decimals.)
    static func tQuantile(_ p: Double, df: Int) -> Double {
        let levels: [Double] = [0.80, 0.90, 0.95, 0.975, 0.99, 0.995]
        let z: [Double] = [0.8416, 1.2816, 1.6449, 1.9600, 2.3263, 2.5758]
        // Rows: df 1…30, then 40, 60, 120.
        let table: [[Double]] = [
            [1.376, 3.078, 6.314, 12.706, 31.821, 63.657], [1.061, 1.886, 2.920, 4.303, 6.965, 9.925],
            [0.978, 1.638, 2.353, 3.182, 4.541, 5.841], [0.941, 1.533, 2.132, 2.776, 3.747, 4.604],
            [0.920, 1.476, 2.015, 2.571, 3.365, 4.032], [0.906, 1.440, 1.943, 2.447, 3.143, 3.707],
            [0.896, 1.415, 1.895, 2.365, 2.998, 3.499], [0.889, 1.397, 1.860, 2.306, 2.896, 3.355],
            [0.883, 1.383, 1.833, 2.262, 2.821, 3.250], [0.879, 1.372, 1.812, 2.228, 2.764, 3.169],
            [0.876, 1.363, 1.796, 2.201, 2.718, 3.106], [0.873, 1.356, 1.782, 2.179, 2.681, 3.055],
            [0.870, 1.350, 1.771, 2.160, 2.650, 3.012], [0.868, 1.345, 1.761, 2.145, 2.624, 2.977],
            [0.866, 1.341, 1.753, 2.131, 2.602, 2.947], [0.865, 1.337, 1.746, 2.120, 2.583, 2.921],
            [0.863, 1.333, 1.740, 2.110, 2.567, 2.898], [0.862, 1.330, 1.734, 2.101, 2.552, 2.878],
            [0.861, 1.328, 1.729, 2.093, 2.539, 2.861], [0.860, 1.325, 1.725, 2.086, 2.528, 2.845],
            [0.859, 1.323, 1.721, 2.080, 2.518, 2.831], [0.858, 1.321, 1.717, 2.074, 2.508, 2.819],
            [0.858, 1.319, 1.714, 2.069, 2.500, 2.807], [0.857, 1.318, 1.711, 2.064, 2.492, 2.797],
            [0.856, 1.316, 1.708, 2.060, 2.485, 2.787], [0.856, 1.315, 1.706, 2.056, 2.479, 2.779],
            [0.855, 1.314, 1.703, 2.052, 2.473, 2.771], [0.855, 1.313, 1.701, 2.048, 2.467, 2.763],
            [0.854, 1.311, 1.699, 2.045, 2.462, 2.756], [0.854, 1.310, 1.697, 2.042, 2.457, 2.750],
            [0.851, 1.303, 1.684, 2.021, 2.423, 2.704], [0.848, 1.296, 1.671, 2.000, 2.390, 2.660],
            [0.845, 1.289, 1.658, 1.980, 2.358, 2.617],
        ]
        let column = levels.firstIndex { $0 >= p - 1e-9 } ?? levels.count - 1
        guard df >= 1 else { return .infinity }
        if df > 120 { return z[column] }
        // Between tabled rows, the row of fewer degrees of freedom (the wider interval).
        let row: Int
        switch df {
        case ...30: row = df - 1
        case ...39: row = 29
        case ...59: row = 30
        case ...119: row = 31
        default: row = 32
        }
        return table[row][column]
    }
}
