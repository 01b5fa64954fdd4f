import SPOCore

/// People start with one object each and swap in pairs; who holds what at the end?
enum TrackingShuffledObjectsTask {
    struct Theme: Sendable {
        /// `{people}` is the list of names.
        let intro: String
        /// `{person}` and `{item}`; the item text is exactly an option text.
        let holding: String
        /// `{a}` and `{b}`.
        let swap: String
        /// `{person}`: asks for the person's item.
        let askItem: String
        /// `{item}`: asks for the person holding it.
        let askPerson: String
        let items: [String]
    }

    static let themes: [Theme] = [
        Theme(
            intro: "{people} are playing catch. At the start, each of them holds a ball:",
            holding: "{person} has the {item}", swap: "{a} and {b} swap balls",
            askItem: "At the end of the game, which ball does {person} have?",
            askPerson: "At the end of the game, who has the {item}?",
            items: ["red ball", "blue ball", "green ball", "yellow ball", "white ball", "black ball",
                    "purple ball", "orange ball", "pink ball"]),
        Theme(
            intro: "{people} are in a book club, and each has just been given a different novel:",
            holding: "{person} is reading {item}", swap: "{a} and {b} trade books",
            askItem: "Which book is {person} reading at the end of the evening?",
            askPerson: "Who is reading {item} at the end of the evening?",
            items: ["Moby Dick", "Frankenstein", "Dracula", "The Odyssey", "Middlemarch", "Jane Eyre",
                    "Don Quixote", "Great Expectations", "Anna Karenina"]),
        Theme(
            intro: "{people} are dancers at a square dance. At the start of a song, each has a partner:",
            holding: "{person} is dancing with {item}", swap: "{a} and {b} switch partners",
            askItem: "When the song ends, who is {person} dancing with?",
            askPerson: "When the song ends, who is dancing with {item}?",
            items: ["Mireille", "Tobias", "Lorenzo", "Ingrid", "Rafferty", "Solange", "Cyprian", "Henrietta",
                    "Evander"]),
        Theme(
            intro: "{people} are teammates on a soccer team. At the start of the match, each has a position:",
            holding: "{person} is playing {item}", swap: "{a} and {b} trade positions",
            askItem: "At the end of the match, which position is {person} playing?",
            askPerson: "At the end of the match, who is playing {item}?",
            items: ["goalkeeper", "left winger", "right winger", "striker", "center midfielder", "sweeper",
                    "fullback", "attacking midfielder", "left back"]),
        Theme(
            intro: "{people} are swapping gifts at a party. To begin with, each is holding one present:",
            holding: "{person} holds the {item}", swap: "{a} and {b} exchange presents",
            askItem: "Once the swapping is over, which present does {person} hold?",
            askPerson: "Once the swapping is over, who holds the {item}?",
            items: ["scarf", "board game", "candle", "teapot", "puzzle", "houseplant", "notebook", "yo-yo",
                    "kite"]),
    ]

    static let steps = ["First", "Then", "Next", "After that", "Then", "Next", "After that"]

    static func generate(_ rng: inout SeededRandom) -> Example {
        let theme = rng.pick(themes)
        let n = rng.int(in: 3...5)
        let people = Vocabulary.distinctFirstNames(n, &rng)
        let items = theme.items.stableSample(n, using: &rng)
        var holder = Array(0..<n)  // holder[person] = item index
        let swapCount = rng.int(in: n...(n + 2))
        var swapTexts: [String] = []
        var last: Set<Int> = []
        for s in 0..<swapCount {
            // The same pair twice in a row would just undo itself.
            var pair = Array(0..<n).stableSample(2, using: &rng)
            while Set(pair) == last { pair = Array(0..<n).stableSample(2, using: &rng) }
            last = Set(pair)
            holder.swapAt(pair[0], pair[1])
            let prefix = s == swapCount - 1 ? "Finally" : steps[min(s, steps.count - 1)]
            swapTexts.append("\(prefix), " + TextKit.fill(theme.swap, ["a": people[pair[0]], "b": people[pair[1]]]) + ".")
        }
        let setup = (0..<n).map { TextKit.fill(theme.holding, ["person": people[$0], "item": items[$0]]) }
        let stem = TextKit.fill(theme.intro, ["people": TextKit.list(people)]) + " " + TextKit.list(setup) + ".\n"
            + "Then, one pair at a time, they swap. " + swapTexts.joined(separator: " ") + "\n"

        if rng.chance(0.6) {
            let asked = rng.below(n)
            return TextKit.multipleChoice(
                stem: stem + TextKit.fill(theme.askItem, ["person": people[asked]]),
                options: items, correct: holder[asked])
        }
        let item = rng.below(n)
        let owner = holder.firstIndex(of: item)!
        return TextKit.multipleChoice(
            stem: stem + TextKit.fill(theme.askPerson, ["item": items[item]]), options: people, correct: owner)
    }

    static let family = BuiltinTaskFamily(
        name: "tracking_shuffled_objects", domain: "reasoning",
        summary: "Follow 3–7 pairwise swaps among 3–5 people and say who ends up with what.",
        answerKind: .letter, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Keep track of who holds what after every swap, then choose the option that matches the final state.",
            answerHint: "the letter of the correct option"),
        generate: { generate(&$0) })
}
