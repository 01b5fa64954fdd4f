import Foundation

/// How per-example predictions become one task score in [0, 1].
public enum Metric: String, Sendable, Hashable, CaseIterable, Codable {
    /// Fraction correct.
    case accuracy
    /// Mean F1 over the labels that occur in gold or predictions; format errors
    /// are one more (always wrong) label, as in MetaSPO's safety tasks.
    case macroF1 = "macro_f1"
    /// Fraction whose normalised answer equals a gold answer exactly.
    case exactMatch = "exact_match"

    public static var allowedSpellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The score of a list of scored items.
    public func score(_ items: [ScoredItem]) -> Double {
        guard !items.isEmpty else { return 0 }
        switch self {
        case .accuracy, .exactMatch:
            return items.reduce(0) { $0 + $1.value } / Double(items.count)
        case .macroF1:
            return Self.macroF1(items)
        }
    }

    static func macroF1(_ items: [ScoredItem]) -> Double {
        // The true label of an item is its canonical gold; a correct prediction
        // counts for that label even when it matched another accepted spelling.
        var labels = Set<String>()
        var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
        for item in items {
            let truth = item.goldLabel
            let predicted = item.correct ? truth : item.prediction.label
            labels.insert(truth)
            labels.insert(predicted)
            if predicted == truth {
                tp[truth, default: 0] += 1
            } else {
                fp[predicted, default: 0] += 1
                fn[truth, default: 0] += 1
            }
        }
        var total = 0.0
        for label in labels {
            let t = Double(tp[label, default: 0]), p = Double(fp[label, default: 0]), n = Double(fn[label, default: 0])
            let denom = 2 * t + p + n
            total += denom == 0 ? 0 : 2 * t / denom
        }
        return total / Double(labels.count)
    }

    /// A 95% interval for the score: Wilson's for proportions, a seeded
    /// percentile bootstrap for macro-F1.
    public func interval(_ items: [ScoredItem]) -> ClosedRange<Double> {
        let n = items.count
        guard n > 0 else { return 0...1 }
        switch self {
        case .accuracy, .exactMatch:
            if items.contains(where: { $0.credit != nil }) {
                // Graded credit: a normal approximation of the mean's interval.
                let mean = items.reduce(0) { $0 + $1.value } / Double(n)
                let variance = items.reduce(0) { $0 + ($1.value - mean) * ($1.value - mean) } / Double(max(1, n - 1))
                let half = 1.959964 * (variance / Double(n)).squareRoot()
                return max(0, mean - half)...min(1, mean + half)
            }
            return Self.wilson(correct: items.filter(\.correct).count, n: n)
        case .macroF1:
            var rng = SeededRandom(seed: 0x5EED, stream: "bootstrap")
            var scores: [Double] = []
            let rounds = 400
            scores.reserveCapacity(rounds)
            for _ in 0..<rounds {
                var sample: [ScoredItem] = []
                sample.reserveCapacity(n)
                for _ in 0..<n { sample.append(items[rng.below(n)]) }
                scores.append(Self.macroF1(sample))
            }
            scores.sort()
            return scores[Int(Double(rounds) * 0.025)]...scores[Int(Double(rounds) * 0.975) - 1]
        }
    }

    /// Wilson score interval at 95%.
    public static func wilson(correct: Int, n: Int) -> ClosedRange<Double> {
        guard n > 0 else { return 0...1 }
        let z = 1.959964
        let p = Double(correct) / Double(n)
        let nn = Double(n)
        let denom = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / denom
        let half = z * ((p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()) / denom
        // At 0 or n correct the bound is exactly 0 or 1; rounding must not hide that.
        let low = correct == 0 ? 0 : max(0, centre - half)
        let high = correct == n ? 1 : min(1, centre + half)
        return low...high
    }
}

/// One example's outcome, the input to a metric.
public struct ScoredItem: Sendable, Hashable, Codable {
    public var prediction: Prediction
    /// The canonical gold answer in normal form (the macro-F1 label).
    public var goldLabel: String
    public var correct: Bool
    /// Graded credit in [0, 1] from a custom scorer; nil means 1 if correct else 0.
    public var credit: Double?

    public init(prediction: Prediction, goldLabel: String, correct: Bool, credit: Double? = nil) {
        self.prediction = prediction
        self.goldLabel = goldLabel
        self.correct = correct
        self.credit = credit
    }

    /// The item's contribution to accuracy-like metrics.
    public var value: Double { credit ?? (correct ? 1 : 0) }
}
