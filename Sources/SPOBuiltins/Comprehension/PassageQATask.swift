import SPOCore

/// Questions about a short passage describing three or four shops of a town.
/// Each shop is described in exactly one sentence; answers are spans of the passage.
enum PassageQATask {
    struct Kind: Sendable {
        let noun: String
        let names: [String]
        let products: [String]
    }

    static let kinds: [Kind] = [
        Kind(noun: "bakery", names: ["Golden Finch", "Rye & Thyme", "Morning Crust", "Copper Oven"],
             products: ["sourdough loaves", "cardamom buns", "seeded rye bread", "almond croissants", "fig tarts"]),
        Kind(noun: "bookshop", names: ["Dog-Eared Pages", "The Paper Lantern", "Inkwell Books", "Second Chapter"],
             products: ["rare maps", "secondhand poetry", "graphic novels", "signed first editions", "travel guides"]),
        Kind(noun: "bicycle shop", names: ["Spoke & Chain", "Tailwind Cycles", "Free Wheel", "Gearbox Bikes"],
             products: ["cargo bikes", "restored racing frames", "folding bicycles", "tandem bikes"]),
        Kind(noun: "florist", names: ["Wild Clover", "Petal Post", "The Thistle Stand", "Bloom Corner"],
             products: ["dried lavender bouquets", "potted orchids", "wedding garlands", "succulent gardens"]),
        Kind(noun: "hardware store", names: ["Iron & Oak", "Nuts and Bolts", "The Toolhouse", "Handy Harbor"],
             products: ["hand-forged nails", "garden tools", "vintage door hinges", "paint mixed to order"]),
        Kind(noun: "tea room", names: ["Steeped", "The Kettle Drum", "Leaf and Saucer", "Jade Cup"],
             products: ["smoked black teas", "scones with clotted cream", "jasmine pearls", "chai blends"]),
        Kind(noun: "cheese shop", names: ["The Curd Nerd", "Rind & Wheel", "Blue Vein", "Milk Street Cheese"],
             products: ["aged goat cheese", "smoked gouda", "cave-ripened cheddar", "fresh burrata"]),
        Kind(noun: "record store", names: ["Groove Vault", "Needle Drop", "Side B", "Spin Cycle"],
             products: ["jazz pressings", "used vinyl", "cassette reissues", "local punk records"]),
    ]

    static let streets = ["Elm Street", "Harbor Road", "Mill Lane", "Chapel Row", "Quarry Avenue", "Willow Way",
                          "Station Road", "Market Square", "Fountain Street", "Kingfisher Lane"]

    struct Shop: Sendable {
        let name: String
        let noun: String
        let owner: String
        let year: Int
        let street: String
        let product: String
    }

    static let sentenceTemplates = [
        "{name}, a {noun} known for its {product}, was opened on {street} in {year} by {owner}.",
        "In {year}, {owner} opened {name} on {street}; the {noun} is best known for its {product}.",
        "{owner} founded {name} in {year}, and the little {noun} on {street} still draws crowds for its {product}.",
        "On {street} stands {name}, a {noun} that {owner} started in {year} and that is famous for its {product}.",
    ]

    static let intros = [
        "{town} is a small town with a lively main street.",
        "Visitors to {town} often remark on its independent shops.",
        "The old market town of {town} has kept many of its family businesses.",
    ]
    static let outros = [
        "Most of these shops close early on Sundays.",
        "The town council hopes to attract more such businesses.",
        "A farmers' market fills the square every Saturday.",
    ]

    static func generate(_ rng: inout SeededRandom) -> Example {
        let count = rng.int(in: 3...4)
        let chosenKinds = kinds.stableSample(count, using: &rng)
        let owners = Vocabulary.distinctFullNames(count, &rng)
        let years = TextKit.distinctInts(count, in: 1950...2020, &rng)
        let streets = streets.stableSample(count, using: &rng)
        let shops = (0..<count).map { i in
            Shop(name: rng.pick(chosenKinds[i].names), noun: chosenKinds[i].noun, owner: owners[i], year: years[i],
                 street: streets[i], product: rng.pick(chosenKinds[i].products))
        }
        let sentences = shops.map { shop in
            TextKit.fill(rng.pick(sentenceTemplates), [
                "name": shop.name, "noun": shop.noun, "owner": shop.owner, "year": String(shop.year),
                "street": shop.street, "product": shop.product,
            ])
        }
        let passage = TextKit.fill(rng.pick(intros), ["town": rng.pick(Vocabulary.towns)]) + " "
            + sentences.joined(separator: " ") + " " + rng.pick(outros)

        let shop = rng.pick(shops)
        let question: String
        var answers: [String]
        switch rng.below(6) {
        case 0:
            question = "Who opened the \(shop.noun) on \(shop.street)?"
            answers = [shop.owner]
        case 1:
            question = "In what year did \(shop.name) open?"
            answers = [String(shop.year)]
        case 2:
            question = "On which street is the shop that \(shop.owner) started?"
            answers = [shop.street, streetCore(shop.street)]
        case 3:
            question = "What is the \(shop.noun) that opened in \(shop.year) best known for?"
            answers = [shop.product]
        case 4:
            let oldest = shops.min { $0.year < $1.year }!
            question = "Which of the shops described is the oldest?"
            answers = [oldest.name]
        default:
            let newest = shops.max { $0.year < $1.year }!
            question = "Who founded the most recently opened shop in the passage?"
            answers = [newest.owner]
        }
        if let first = answers.first, first.contains(" "), answers.count == 1, shops.contains(where: { $0.owner == first }) {
            // A surname alone identifies the owner (all surnames in a passage differ).
            answers.append(String(first.split(separator: " ").last!))
        }
        return Example(question: "Passage: \(passage)\nQuestion: \(question)", answers: answers)
    }

    /// "Elm" for "Elm Street".
    static func streetCore(_ street: String) -> String {
        String(street.split(separator: " ").dropLast().joined(separator: " "))
    }

    static let family = BuiltinTaskFamily(
        name: "passage_qa", domain: "comprehension",
        summary: "Answer a question about a generated passage on local shops with a short span from it.",
        answerKind: .text, metric: .exactMatch,
        userPrompt: TextKit.userPrompt(
            "Read the passage and answer the question with the exact words from the passage, as briefly as possible.",
            answerHint: "only the short answer"),
        generate: { generate(&$0) })
}
