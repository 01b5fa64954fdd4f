import SPOCore

/// Numeric claims (changes, totals, comparisons, doubling) checked against a
/// snippet that reports one statistic for two towns in two years.
enum FactCheckNumbersTask {
    static let metrics = ["library visits", "new housing permits", "bicycle thefts", "rescue calls",
                          "tree plantings", "small business openings", "marriage licenses", "museum tours"]

    static func generate(_ rng: inout SeededRandom) -> Example {
        let towns = Vocabulary.towns.stableSample(2, using: &rng)
        let (a, b) = (towns[0], towns[1])
        let metric = rng.pick(metrics)
        let y1 = rng.int(in: 2005...2018)
        let y2 = y1 + rng.int(in: 2...6)
        let kind = rng.below(6)
        func later(_ start: Int, _ rng: inout SeededRandom) -> Int {
            if kind == 2 {
                // Near a doubling, so "more than doubled" is a real check.
                return start * rng.int(in: 150...260) / 100 + (rng.chance(0.5) ? 0 : 1)
            }
            let change = max(1, start * rng.int(in: 5...60) / 100)
            return rng.chance(0.5) ? start + change : start - change
        }
        let a1 = rng.int(in: 40...900), b1 = rng.int(in: 40...900)
        let a2 = later(a1, &rng), b2 = later(b1, &rng)
        let snippet = rng.chance(0.5)
            ? "\(a) recorded \(a1) \(metric) in \(y1) and \(a2) in \(y2), while \(b) recorded \(b1) in \(y1) and \(b2) in \(y2)."
            : "In \(y1), \(a) logged \(a1) \(metric) and \(b) logged \(b1). By \(y2), the figures were \(a2) for \(a) and \(b2) for \(b)."

        let honest = rng.chance(0.5)
        let swapTowns = rng.chance(0.5)
        let (town, start, end) = swapTowns ? (b, b1, b2) : (a, a1, a2)
        let year = rng.chance(0.5) ? y1 : y2
        let (here, there) = year == y1 ? (swapTowns ? (b1, a1) : (a1, b1)) : (swapTowns ? (b2, a2) : (a2, b2))
        let otherTown = swapTowns ? a : b
        let claim: String
        let truth: Bool
        switch kind {
        case 0:
            let rose = rng.chance(0.5)
            claim = "The number of \(metric) in \(town) \(rose ? "rose" : "fell") between \(y1) and \(y2)."
            truth = rose == (end > start)
        case 1:
            let diff = abs(end - start)
            var up = end > start
            var claimed = diff
            if !honest {
                if rng.chance(0.4) {
                    up.toggle()
                } else {
                    claimed = max(1, diff + rng.pick([-10, -5, -2, 2, 5, 10, 20]))
                    if claimed == diff { claimed += 1 }
                }
            }
            claim = "Between \(y1) and \(y2), \(metric) in \(town) went \(up ? "up" : "down") by \(claimed)."
            truth = claimed == diff && up == (end > start)
        case 2:
            claim = "The number of \(metric) in \(town) more than doubled from \(y1) to \(y2)."
            truth = end > 2 * start
        case 3:
            let more = rng.chance(0.5)
            claim = "In \(year), \(town) recorded \(more ? "more" : "fewer") \(metric) than \(otherTown)."
            truth = here != there && more == (here > there)
        case 4:
            let total = here + there
            let claimed = honest ? total : total + rng.pick([-100, -10, -1, 1, 10, 100])
            claim = "Together, the two towns recorded \(claimed) \(metric) in \(year)."
            truth = claimed == total
        default:
            let gap = abs(here - there)
            var claimed = honest ? gap : max(1, gap + rng.pick([-10, -3, 3, 10, 30]))
            if claimed == 0 || (!honest && claimed == gap) { claimed += 5 }
            let (big, small) = here >= there ? (town, otherTown) : (otherTown, town)
            claim = "In \(year), \(big) recorded \(claimed) more \(metric) than \(small)."
            truth = claimed == gap
        }
        let question = "Snippet: \(snippet)\nClaim: \(claim)\nIs the claim supported by the snippet?"
        return Example(question: question, answers: [truth ? "yes" : "no"])
    }

    static let family = BuiltinTaskFamily(
        name: "fact_check_numbers", domain: "fact_checking",
        summary: "Check a numeric claim (change, total, gap, doubling) against a two-town statistics snippet.",
        answerKind: .yesNo, metric: .macroF1,
        userPrompt: TextKit.userPrompt(
            "Verify the claim using only the numbers in the snippet, doing any arithmetic needed. Answer yes if the snippet supports the claim exactly, otherwise no.",
            answerHint: "yes or no"),
        generate: { generate(&$0) })
}
