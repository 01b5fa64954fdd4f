import SPOCore

/// Ordering puzzles: a few clues fix the order of 3–5 objects; which object is at
/// a given position? The clue set is minimal and has exactly one solution.
enum LogicalDeductionTask {
    struct Scenario: Sendable {
        /// `{count}` and `{list}`.
        let intro: String
        let objects: [String]
        /// Objects are common nouns ("the red book") rather than names.
        let definite: Bool
        /// `{a}` and `{pos}`.
        let absolute: String
        /// `{a}` comes earlier than `{b}`.
        let before: String
        /// `{a}` comes later than `{b}`.
        let after: String
        /// Position phrases counted from the start (index 0, 1, 2) and from the end.
        let fromStart: [String]
        let fromEnd: [String]
    }

    static let shelfWords = (
        absolute: "{a} is {pos}", before: "{a} is to the left of {b}", after: "{a} is to the right of {b}",
        fromStart: ["the leftmost", "the second from the left", "the third from the left"],
        fromEnd: ["the rightmost", "the second from the right", "the third from the right"])

    static let raceWords = (
        absolute: "{a} finished {pos}", before: "{a} finished ahead of {b}", after: "{a} finished behind {b}",
        fromStart: ["first", "second", "third"], fromEnd: ["last", "second-to-last", "third-to-last"])

    static let scenarios: [Scenario] = [
        Scenario(
            intro: "On a shelf, there are {count} books: {list}.",
            objects: ["red book", "green book", "blue book", "gray book", "orange book", "purple book", "white book",
                      "black book", "brown book"],
            definite: true, absolute: shelfWords.absolute, before: shelfWords.before, after: shelfWords.after,
            fromStart: shelfWords.fromStart, fromEnd: shelfWords.fromEnd),
        Scenario(
            intro: "On a branch, there are {count} birds sitting in a row: {list}.",
            objects: ["robin", "crow", "owl", "hawk", "sparrow", "cardinal", "falcon", "raven", "quail", "hummingbird"],
            definite: true, absolute: shelfWords.absolute, before: shelfWords.before, after: shelfWords.after,
            fromStart: shelfWords.fromStart, fromEnd: shelfWords.fromEnd),
        Scenario(
            intro: "In a cross-country race, there were {count} runners: {list}.",
            objects: Vocabulary.firstNames, definite: false,
            absolute: raceWords.absolute, before: raceWords.before, after: raceWords.after,
            fromStart: raceWords.fromStart, fromEnd: raceWords.fromEnd),
        Scenario(
            intro: "In a golf tournament, there were {count} golfers: {list}.",
            objects: Vocabulary.firstNames, definite: false,
            absolute: raceWords.absolute, before: raceWords.before, after: raceWords.after,
            fromStart: raceWords.fromStart, fromEnd: raceWords.fromEnd),
        Scenario(
            intro: "An antique show displays {count} vehicles: {list}.",
            objects: ["convertible", "limousine", "sedan", "station wagon", "pickup truck", "roadster", "minivan",
                      "coupe", "hatchback", "motorcycle"],
            definite: true, absolute: "{a} is {pos}", before: "{a} is older than {b}", after: "{a} is newer than {b}",
            fromStart: ["the oldest", "the second-oldest", "the third-oldest"],
            fromEnd: ["the newest", "the second-newest", "the third-newest"]),
    ]

    enum Clue: Hashable {
        case position(object: Int, at: Int)
        case order(first: Int, then: Int)

        func holds(_ positionOf: [Int]) -> Bool {
            switch self {
            case .position(let o, let p): positionOf[o] == p
            case .order(let a, let b): positionOf[a] < positionOf[b]
            }
        }
    }

    /// All arrangements as `positionOf` arrays, for n = 0…5.
    static let arrangements: [[[Int]]] = (0...5).map { permutations(Array(0..<$0)) }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        var out: [[Int]] = []
        for (i, first) in items.enumerated() {
            var rest = items
            rest.remove(at: i)
            for tail in permutations(rest) { out.append([first] + tail) }
        }
        return out
    }

    static func solutions(_ clues: [Clue], n: Int) -> Int {
        var count = 0
        for arrangement in arrangements[n] where clues.allSatisfy({ $0.holds(arrangement) }) {
            count += 1
            if count > 1 { return count }
        }
        return count
    }

    /// The phrases that name position `p` of `n`, counted from the nearer end
    /// (both when it is the middle), so "third-newest of three" never appears.
    static func positionPhrases(_ scenario: Scenario, _ p: Int, _ n: Int) -> [String] {
        let back = n - 1 - p
        var out: [String] = []
        if p <= back, p < scenario.fromStart.count { out.append(scenario.fromStart[p]) }
        if back <= p, back < scenario.fromEnd.count { out.append(scenario.fromEnd[back]) }
        return out
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let scenario = rng.pick(scenarios)
        let n = rng.int(in: 3...5)
        let objects = scenario.objects.stableSample(n, using: &rng)
        let positionOf = Array(0..<n).stableShuffled(using: &rng)
        func name(_ o: Int) -> String { scenario.definite ? "the \(objects[o])" : objects[o] }

        // Add true clues until the order is forced, then drop the redundant ones.
        var candidates: [Clue] = (0..<n).map { .position(object: $0, at: positionOf[$0]) }
        for a in 0..<n {
            for b in 0..<n where positionOf[a] < positionOf[b] {
                candidates.append(.order(first: a, then: b))
                candidates.append(.order(first: a, then: b))  // order clues twice as likely
            }
        }
        candidates.stableShuffle(using: &rng)
        // Few absolute positions, so the puzzle needs chains of comparisons.
        let maxPositions = n == 5 ? 2 : 1
        var clues: [Clue] = []
        var positions = 0
        for clue in candidates where !clues.contains(clue) {
            if case .position = clue {
                guard positions < maxPositions else { continue }
                positions += 1
            }
            clues.append(clue)
            if solutions(clues, n: n) == 1 { break }
        }
        for clue in clues.stableShuffled(using: &rng) {
            let fewer = clues.filter { $0 != clue }
            if solutions(fewer, n: n) == 1 { clues = fewer }
        }

        var sentences: [String] = []
        for clue in clues {
            switch clue {
            case .position(let o, let p):
                let pos = rng.pick(positionPhrases(scenario, p, n))
                sentences.append(TextKit.fill(scenario.absolute, ["a": name(o), "pos": pos]))
            case .order(let a, let b):
                sentences.append(rng.chance(0.5)
                    ? TextKit.fill(scenario.before, ["a": name(a), "b": name(b)])
                    : TextKit.fill(scenario.after, ["a": name(b), "b": name(a)]))
            }
        }
        let stated = Set(clues.compactMap { clue -> Int? in
            if case .position(_, let p) = clue { return p }
            return nil
        })
        let open = (0..<n).filter { !stated.contains($0) }
        let asked = open.isEmpty ? rng.below(n) : rng.pick(open)
        let askedPhrase = rng.pick(positionPhrases(scenario, asked, n))

        let listed = objects.map { scenario.definite ? TextKit.withArticle($0) : $0 }.stableShuffled(using: &rng)
        let stem = "The paragraph below describes objects arranged in a fixed order, and every statement in it is true. "
            + TextKit.fill(scenario.intro, ["count": TextKit.word(n), "list": TextKit.list(listed)]) + " "
            + sentences.map { TextKit.capitalizedFirst($0) + "." }.joined(separator: " ")
            + "\nWhich of the following is true?"
        let options = (0..<n).map {
            TextKit.capitalizedFirst(TextKit.fill(scenario.absolute, ["a": name($0), "pos": askedPhrase]))
        }
        let correct = positionOf.firstIndex(of: asked)!
        return TextKit.multipleChoice(stem: stem, options: options, correct: correct)
    }

    static let family = BuiltinTaskFamily(
        name: "logical_deduction", domain: "reasoning",
        summary: "Deduce the order of 3–5 objects from a minimal set of clues and pick the true statement.",
        answerKind: .letter, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Use the clues to work out the complete order, then pick the option that is true.",
            answerHint: "the letter of the correct option"),
        generate: { generate(&$0) })
}
