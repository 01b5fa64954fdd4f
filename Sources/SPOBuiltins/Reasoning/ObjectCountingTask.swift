import SPOCore

/// Counting the items of one category in a list that mixes several categories,
/// with quantities written as articles, words or digits.
enum ObjectCountingTask {
    struct Item: Sendable {
        let singular: String
        let plural: String
    }

    struct Category: Sendable {
        let name: String
        let items: [Item]
    }

    static func item(_ singular: String, _ plural: String? = nil) -> Item {
        Item(singular: singular, plural: plural ?? singular + "s")
    }

    static let categories: [Category] = [
        Category(name: "musical instruments", items: [
            item("piano"), item("flute"), item("violin"), item("trumpet"), item("drum"), item("clarinet"),
            item("trombone"), item("accordion"), item("harp"), item("cello"), item("banjo"),
        ]),
        Category(name: "fruits", items: [
            item("apple"), item("banana"), item("plum"), item("peach", "peaches"), item("orange"),
            item("strawberry", "strawberries"), item("nectarine"), item("mango", "mangoes"), item("pear"),
            item("lemon"),
        ]),
        Category(name: "vegetables", items: [
            item("carrot"), item("potato", "potatoes"), item("onion"), item("head of broccoli", "heads of broccoli"),
            item("stalk of celery", "stalks of celery"), item("cabbage"), item("yam"), item("cucumber"),
            item("head of lettuce", "heads of lettuce"), item("zucchini"),
        ]),
        Category(name: "animals", items: [
            item("cat"), item("dog"), item("rabbit"), item("goat"), item("cow"), item("pig"), item("chicken"),
            item("snail"), item("mouse", "mice"), item("donkey"), item("duck"), item("frog"), item("sheep", "sheep"),
        ]),
        Category(name: "pieces of furniture", items: [
            item("chair"), item("table"), item("bed"), item("couch", "couches"), item("bookshelf", "bookshelves"),
            item("desk"), item("dresser"), item("stool"), item("wardrobe"),
        ]),
        Category(name: "vehicles", items: [
            item("car"), item("bus", "buses"), item("bicycle"), item("motorcycle"), item("truck"), item("scooter"),
            item("tractor"), item("canoe"),
        ]),
    ]

    static let openings = ["I have {list}.", "I own {list}.", "I've got {list}.", "My collection includes {list}.",
                           "Here is what I have: {list}."]
    static let asks = ["How many {cat} do I have?", "Counting only the {cat}, how many do I have?",
                       "What is the total number of {cat} I have?", "How many {cat} do I own in all?"]
    static let relatives = ["sister", "neighbor", "cousin", "roommate", "uncle"]

    static func phrase(_ item: Item, quantity: Int, rng: inout SeededRandom) -> String {
        if quantity == 1 { return TextKit.withArticle(item.singular) }
        let number = rng.chance(0.7) ? TextKit.word(quantity) : String(quantity)
        return "\(number) \(item.plural)"
    }

    static func quantity(_ rng: inout SeededRandom) -> Int {
        rng.chance(0.55) ? 1 : rng.int(in: 2...5)
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let target = rng.pick(categories)
        let others = categories.filter { $0.name != target.name }.stableSample(rng.int(in: 1...3), using: &rng)
        let entries = rng.int(in: 3...10)
        let targetCount = rng.int(in: 1...min(entries - 1, 5))
        var chosen: [(Item, Bool)] = target.items.stableSample(targetCount, using: &rng).map { ($0, true) }
        let pool = others.flatMap(\.items).stableShuffled(using: &rng)
        chosen += pool.prefix(entries - targetCount).map { ($0, false) }
        chosen.stableShuffle(using: &rng)

        var total = 0
        var phrases: [String] = []
        for (item, counts) in chosen {
            let q = quantity(&rng)
            if counts { total += q }
            phrases.append(phrase(item, quantity: q, rng: &rng))
        }
        var text = TextKit.fill(rng.pick(openings), ["list": TextKit.list(phrases)])
        // Someone else's items of the asked category: they must not be counted.
        if rng.chance(0.3) {
            let theirs = target.items.stableSample(rng.int(in: 1...2), using: &rng).map {
                phrase($0, quantity: quantity(&rng), rng: &rng)
            }
            text += " My \(rng.pick(relatives)) has \(TextKit.list(theirs))."
        }
        text += " " + TextKit.fill(rng.pick(asks), ["cat": target.name])
        return Example(question: text, answers: [String(total)])
    }

    static let family = BuiltinTaskFamily(
        name: "object_counting", domain: "reasoning",
        summary: "Count the items of one category in a mixed list (3–10 entries, words and digits).",
        answerKind: .integer, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Read the list of things and count how many belong to the category that is asked about.",
            answerHint: "the count as a whole number"),
        generate: { generate(&$0) })
}
