/// When a candidate prompt takes an incumbent's place (`accept`, issue 18).
///
/// Each side comes with its mean selection score, format errors and mean
/// answer tokens; `paired` holds per-example credit of candidate and incumbent
/// on the same questions (under the same kept user prompts).
///
/// ```swift
/// let rule = Acceptance(rule: .significant, level: 0.90)
/// rule.accepts(candidate: .init(score: 0.6), incumbent: .init(score: 0.5),
///              paired: [(1, 0), (1, 1), (0, 0), (1, 0)])   // false: n = 4 proves nothing
/// ```
public struct Acceptance: Sendable, Hashable {
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// The paired difference's one-sided lower bound at `level` is above zero.
        case significant
        /// A strictly higher mean score.
        case better
        /// The paper's order: a higher mean, or a tie with no more format
        /// errors (then fewer answer tokens with `cheaperBreaksTies`); a full
        /// tie goes to the candidate, the newer prompt.
        case tie
    }

    /// What is known of one side.
    public struct Standing: Sendable, Hashable {
        public var score: Double
        public var formatErrors: Int
        public var answerTokens: Double?

        public init(score: Double, formatErrors: Int = 0, answerTokens: Double? = nil) {
            self.score = score
            self.formatErrors = formatErrors
            self.answerTokens = answerTokens
        }
    }

    public var rule: Rule
    /// Confidence of `significant` (0.80–0.995).
    public var level: Double
    public var cheaperBreaksTies: Bool

    public init(rule: Rule, level: Double = 0.90, cheaperBreaksTies: Bool = false) {
        self.rule = rule
        self.level = level
        self.cheaperBreaksTies = cheaperBreaksTies
    }

    public func accepts(candidate c: Standing, incumbent i: Standing, paired: [(Double, Double)]) -> Bool {
        switch rule {
        case .significant: return PairedDifference(paired).lowerBound(level: level) > 0
        case .better: return c.score > i.score
        case .tie:
            if c.score != i.score { return c.score > i.score }
            if c.formatErrors != i.formatErrors { return c.formatErrors < i.formatErrors }
            if cheaperBreaksTies, let ct = c.answerTokens, let it = i.answerTokens, ct != it { return ct < it }
            return true
        }
    }

    /// The bound `significant` compares with zero (nil for the other rules).
    public func bound(_ paired: [(Double, Double)]) -> Double? {
        rule == .significant ? PairedDifference(paired).lowerBound(level: level) : nil
    }
}
