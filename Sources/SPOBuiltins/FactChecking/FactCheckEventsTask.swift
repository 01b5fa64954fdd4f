import SPOCore

/// Claims about the order and timing of events in an organization's history,
/// where some years are only given relative to earlier events.
enum FactCheckEventsTask {
    static let organizations = ["the Riverside Chess Club", "the Harbor Choir", "the Maple Street Library",
                                "the Old Town Rowing Club", "the Lantern Theatre Company", "the Greenway Cycling Society",
                                "the Northside Food Bank", "the Quarry Hill Astronomy Society"]
    /// Past-tense verb phrases that follow "it" or the organization's name.
    static let events = ["moved into a converted warehouse", "opened a second branch", "won its first national award",
                         "launched a monthly newsletter", "hired its first full-time director",
                         "welcomed its thousandth member", "hosted its first public festival", "started a youth program",
                         "renovated its main hall", "signed a partnership with the local university"]

    static func generate(_ rng: inout SeededRandom) -> Example {
        let org = rng.pick(organizations)
        let Org = TextKit.capitalizedFirst(org)
        let founded = rng.int(in: 1900...1990)
        let chosen = events.stableSample(rng.int(in: 3...4), using: &rng)
        var years: [Int] = []
        var sentences = ["\(Org) was founded in \(founded)."]
        var previous = founded
        for event in chosen {
            let year = previous + rng.int(in: 1...9)
            switch rng.below(3) {
            case 0:
                sentences.append("In \(year), it \(event).")
            case 1:
                let gap = year - previous
                let words = TextKit.capitalizedFirst(TextKit.word(gap))
                sentences.append("\(words) year\(gap == 1 ? "" : "s") later, it \(event).")
            default:
                sentences.append("\(TextKit.capitalizedFirst(TextKit.word(year - founded))) years after its founding, it \(event).")
            }
            years.append(year)
            previous = year
        }
        let snippet = sentences.joined(separator: " ")

        let honest = rng.chance(0.5)
        let pair = Array(0..<chosen.count).stableSample(2, using: &rng)
        let (i, j) = (pair[0], pair[1])
        let claim: String
        let truth: Bool
        switch rng.below(4) {
        case 0:
            let before = rng.chance(0.5)
            claim = "\(Org) \(chosen[i]) \(before ? "before" : "after") it \(chosen[j])."
            truth = before == (years[i] < years[j])
        case 1:
            let year = honest ? years[i] : (rng.chance(0.5) ? years[j] : years[i] + rng.pick([-3, -1, 1, 2]))
            claim = "\(Org) \(chosen[i]) in \(year)."
            truth = year == years[i]
        case 2:
            let (late, early) = years[i] > years[j] ? (i, j) : (j, i)
            let gap = years[late] - years[early]
            let claimed = honest ? gap : max(1, gap + rng.pick([-2, -1, 1, 2, founded % 3 + 3]))
            claim = "\(Org) \(chosen[late]) \(TextKit.word(claimed)) year\(claimed == 1 ? "" : "s") after it \(chosen[early])."
            truth = claimed == gap
        default:
            let age = years[i] - founded
            var claimed = honest ? age : max(1, age + rng.pick([-2, -1, 1, 3]))
            if !honest && claimed == age { claimed += 2 }
            claim = "\(Org) was \(TextKit.word(claimed)) year\(claimed == 1 ? "" : "s") old when it \(chosen[i])."
            truth = claimed == age
        }
        let question = "Snippet: \(snippet)\nClaim: \(claim)\nIs the claim supported by the snippet?"
        return Example(question: question, answers: [truth ? "yes" : "no"])
    }

    static let family = BuiltinTaskFamily(
        name: "fact_check_events", domain: "fact_checking",
        summary: "Check a claim about the order or timing of events in a short organizational history.",
        answerKind: .yesNo, metric: .macroF1,
        userPrompt: TextKit.userPrompt(
            "Work out the year of every event in the snippet, then decide whether it supports the claim. Answer yes or no.",
            answerHint: "yes or no"),
        generate: { generate(&$0) })
}
