import SPOCore

/// Reviews assembled from phrase banks whose phrases carry a sentiment weight
/// from -2 to +2. The gold star rating is computed from the phrases used:
/// 3 + the mean weight rounded to the nearest integer (reviews whose mean is
/// exactly halfway between two ratings are never generated), so it lies in 1…5.
struct ReviewBank: Sendable {
    struct Phrase: Sendable {
        /// Lower-case start, no final period.
        let text: String
        let weight: Int
    }

    /// What is reviewed, e.g. "blender".
    let subjects: [String]
    /// Neutral opening sentences with `{subject}`; they carry no weight.
    let intros: [String]
    /// One list per aspect (quality, service, …).
    let aspects: [[Phrase]]
    /// Final verdicts, also weighted.
    let closings: [Phrase]

    /// Builds a bank from `[weight: [phrases]]` tables.
    init(subjects: [String], intros: [String], aspects: [[Int: [String]]], closings: [Int: [String]]) {
        func flatten(_ table: [Int: [String]]) -> [Phrase] {
            table.keys.sorted().flatMap { w in table[w]!.map { Phrase(text: $0, weight: w) } }
        }
        self.subjects = subjects
        self.intros = intros
        self.aspects = aspects.map(flatten)
        self.closings = flatten(closings)
    }

    /// Every weighted phrase, for checks.
    var allPhrases: [Phrase] { aspects.flatMap { $0 } + closings }

    /// 3 + round(mean), or nil when the mean is exactly halfway (ambiguous).
    static func rating(weights: [Int]) -> Int? {
        guard !weights.isEmpty else { return nil }
        let sum = weights.reduce(0, +), n = weights.count
        // Compare 2·sum with odd multiples of n to find ties without floating point.
        let twice = 2 * sum
        if abs(twice) % (2 * n) == n { return nil }
        let rounded = Int((Double(sum) / Double(n)).rounded())
        return min(5, max(1, 3 + rounded))
    }

    func pick(_ phrases: [Phrase], near weight: Int, _ rng: inout SeededRandom) -> Phrase {
        let exact = phrases.filter { $0.weight == weight }
        return exact.isEmpty ? rng.pick(phrases) : rng.pick(exact)
    }

    func generate(_ rng: inout SeededRandom) -> Example {
        while true {
            let target = rng.int(in: 1...5)
            let center = target - 3
            let aspectCount = rng.int(in: 3...5)
            var used: [Phrase] = []
            for aspect in aspects.stableSample(aspectCount, using: &rng) {
                var w = center
                let roll = rng.unit()
                if roll < 0.2 { w -= 1 } else if roll < 0.4 { w += 1 } else if roll < 0.47 { w += center > 0 ? -3 : 3 }
                used.append(pick(aspect, near: min(2, max(-2, w)), &rng))
            }
            used.stableShuffle(using: &rng)
            if rng.chance(0.6) { used.append(pick(closings, near: center, &rng)) }
            guard let stars = Self.rating(weights: used.map(\.weight)) else { continue }

            var sentences: [String] = []
            let subject = rng.pick(subjects)
            if rng.chance(0.7) { sentences.append(TextKit.fill(rng.pick(intros), ["subject": subject])) }
            var previous: Int?
            for (index, phrase) in used.enumerated() {
                var text = phrase.text
                // Closings are verdict fragments ("Highly recommended"): no joiner before them.
                if let p = previous, index < aspectCount, rng.chance(0.5) {
                    let contrast = (p > 0 && phrase.weight < 0) || (p < 0 && phrase.weight > 0)
                    let joiners = contrast ? ["However, ", "That said, ", "On the other hand, "] : ["Also, ", "What is more, ", "Besides that, "]
                    text = rng.pick(joiners) + text
                }
                sentences.append(TextKit.capitalizedFirst(text) + ".")
                previous = phrase.weight
            }
            return Example(question: "Review: " + sentences.joined(separator: " "), answers: [String(stars)])
        }
    }
}
