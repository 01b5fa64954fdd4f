import SPOCore

/// Is a claim about two colleagues supported by a short biographical snippet?
/// False claims often borrow the other person's facts.
enum FactCheckPeopleTask {
    static let professions = ["marine biologist", "structural engineer", "pediatric nurse", "architect",
                              "data journalist", "glassblower", "seismologist", "translator", "botanist", "pilot"]
    static let employers = ["the Harbor Research Institute", "Meridian Health", "Copperline Engineering",
                            "the City Archive", "Northgate Press", "Bluewater Labs", "the Alder Trust",
                            "Summit Air"]
    static let awards = ["Ostrander Prize", "Civic Merit Medal", "Arden Medal", "Golden Compass Award",
                         "Wexley Fellowship", "Bright Horizon Award"]

    struct Person: Sendable {
        let name: String
        let year: Int
        let city: String
        let joined: Int
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let names = Vocabulary.distinctFullNames(2, &rng)
        let cities = Vocabulary.cities.stableSample(3, using: &rng)
        let years = TextKit.distinctInts(3, in: 1940...1972, &rng)
        let profession = rng.pick(professions)
        let employerPair = employers.stableSample(2, using: &rng)
        let employer = employerPair[0]
        let awardPair = awards.stableSample(2, using: &rng)
        let award = awardPair[0]
        func joinYear(_ born: Int, _ rng: inout SeededRandom) -> Int { born + rng.int(in: 23...35) }
        let main = Person(name: names[0], year: years[0], city: cities[0], joined: joinYear(years[0], &rng))
        var colleagueJoined = joinYear(years[1], &rng)
        if colleagueJoined == main.joined { colleagueJoined += 1 }
        let colleague = Person(name: names[1], year: years[1], city: cities[1], joined: colleagueJoined)
        let awardYear = main.joined + rng.int(in: 2...15)
        let Employer = TextKit.capitalizedFirst(employer)

        let snippet: String
        if rng.chance(0.5) {
            snippet = "\(main.name) (born \(main.year) in \(main.city)) is \(TextKit.withArticle(profession)) who has worked at \(employer) since \(main.joined). "
                + "In \(awardYear), \(main.name) received the \(award). "
                + "\(main.name)'s colleague \(colleague.name), born in \(colleague.city) in \(colleague.year), joined \(employer) in \(colleague.joined)."
        } else {
            snippet = "Born in \(main.city) in \(main.year), \(main.name) trained as \(TextKit.withArticle(profession)) and joined \(employer) in \(main.joined). "
                + "\(main.name) won the \(award) in \(awardYear). "
                + "\(Employer) also employs \(colleague.name) (born \(colleague.year), \(colleague.city)), who arrived in \(colleague.joined)."
        }

        let truth = rng.chance(0.5)
        let (subject, other) = rng.chance(0.6) ? (main, colleague) : (colleague, main)
        var claim = ""
        switch rng.below(7) {
        case 0:
            let year = truth ? subject.year : (rng.chance(0.6) ? other.year : subject.year + rng.pick([-3, -1, 1, 2, 5]))
            claim = "\(subject.name) was born in \(year)."
        case 1:
            let city = truth ? subject.city : (rng.chance(0.6) ? other.city : cities[2])
            claim = "\(subject.name) was born in \(city)."
        case 2:
            let year = truth ? subject.joined : (rng.chance(0.6) ? other.joined : subject.joined + rng.pick([-2, -1, 1, 3]))
            claim = "\(subject.name) joined \(employer) in \(year)."
        case 3:
            let place = truth ? employer : employerPair[1]
            claim = "\(subject.name) works at \(place)."
        case 4:
            // Only the main person won an award.
            let verb = rng.chance(0.5) ? "received" : "won"
            switch truth ? 0 : rng.int(in: 1...3) {
            case 0: claim = "\(main.name) \(verb) the \(award) in \(awardYear)."
            case 1: claim = "\(colleague.name) \(verb) the \(award) in \(awardYear)."
            case 2: claim = "\(main.name) \(verb) the \(awardPair[1]) in \(awardYear)."
            default: claim = "\(main.name) \(verb) the \(award) in \(awardYear + rng.pick([-4, -2, -1, 1, 3]))."
            }
        case 5:
            // "Older" compares birth years, which always differ.
            let older = main.year < colleague.year ? main : colleague
            let younger = main.year < colleague.year ? colleague : main
            claim = truth ? "\(older.name) is older than \(younger.name)." : "\(younger.name) is older than \(older.name)."
        default:
            let earlier = main.joined < colleague.joined ? main : colleague
            let later = main.joined < colleague.joined ? colleague : main
            claim = truth
                ? "\(earlier.name) joined \(employer) before \(later.name) did."
                : "\(later.name) joined \(employer) before \(earlier.name) did."
        }
        let question = "Snippet: \(snippet)\nClaim: \(claim)\nIs the claim supported by the snippet?"
        return Example(question: question, answers: [truth ? "yes" : "no"])
    }

    static let family = BuiltinTaskFamily(
        name: "fact_check_people", domain: "fact_checking",
        summary: "Decide whether a claim about two colleagues (births, jobs, awards) is supported by a snippet.",
        answerKind: .yesNo, metric: .macroF1,
        userPrompt: TextKit.userPrompt(
            "Check the claim against the snippet only. Answer yes if the snippet supports it, no if it contradicts it or does not say so.",
            answerHint: "yes or no"),
        generate: { generate(&$0) })
}
