import SPOCore

/// A chain of people vouching for or accusing each other; does the last one tell the truth?
enum WebOfLiesTask {
    static let truthful = ["tells the truth", "is honest", "is truthful"]
    static let lying = ["lies", "is a liar", "is lying"]
    static let says = ["says", "claims", "insists", "states"]
    static let asks = ["Does {p} tell the truth?", "Is {p} telling the truth?", "Is {p} honest?"]

    static func generate(_ rng: inout SeededRandom) -> Example {
        let n = rng.int(in: 3...6)
        let people = Vocabulary.distinctFirstNames(n, &rng)
        var honest = [rng.chance(0.5)]
        var sentences = ["\(people[0]) \(rng.pick(honest[0] ? truthful : lying))."]
        for i in 1..<n {
            // Person i says person i-1 is honest or lying; that makes i honest iff the claim is right.
            let claimHonest = rng.chance(0.5)
            honest.append(claimHonest == honest[i - 1])
            let that = rng.chance(0.5) ? " that" : ""
            sentences.append(
                "\(people[i]) \(rng.pick(says))\(that) \(people[i - 1]) \(rng.pick(claimHonest ? truthful : lying)).")
        }
        // Shuffled statements make the chain harder to follow, but it stays solvable.
        if rng.chance(0.3) { sentences.stableShuffle(using: &rng) }
        let asked = rng.chance(0.8) ? n - 1 : rng.int(in: 1...(n - 2))
        let question = sentences.joined(separator: " ") + " " + TextKit.fill(rng.pick(asks), ["p": people[asked]])
        return Example(question: question, answers: [honest[asked] ? "yes" : "no"])
    }

    static let family = BuiltinTaskFamily(
        name: "web_of_lies", domain: "reasoning",
        summary: "Resolve a chain of 3–6 people who call each other truthful or lying.",
        answerKind: .yesNo, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Each person either always tells the truth or always lies. Work through the statements in order.",
            answerHint: "yes or no"),
        generate: { generate(&$0) })
}
