import SPOCore

/// Small text helpers shared by the built-in generators.
enum TextKit {
    static let numberWords = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty",
    ]

    /// "three" for 0…20, digits otherwise.
    static func word(_ n: Int) -> String {
        n >= 0 && n < numberWords.count ? numberWords[n] : String(n)
    }

    /// "a, b, and c" (serial comma, so list items can be split back reliably).
    static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) \(conjunction) \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", \(conjunction) " + items[items.count - 1]
        }
    }

    /// "a" or "an" by the first letter (good enough for our word lists).
    static func article(_ noun: String) -> String {
        guard let first = noun.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    static func withArticle(_ noun: String) -> String { "\(article(noun)) \(noun)" }

    static func capitalizedFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }

    static func lowercasedFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }

    static func letter(_ index: Int) -> String {
        String(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")[index])
    }

    /// Fills `{key}` slots of a template in one pass; unknown slots stay as they are.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"),
                  let value = values[String(rest[rest.index(after: open)..<close])]
            else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// `count` distinct integers from `range`, in random order (rejection sampling:
    /// cheaper than shuffling the whole range when it is much larger than `count`).
    static func distinctInts(_ count: Int, in range: ClosedRange<Int>, _ rng: inout SeededRandom) -> [Int] {
        precondition(count <= range.count)
        var out: [Int] = []
        while out.count < count {
            let v = rng.int(in: range)
            if !out.contains(v) { out.append(v) }
        }
        return out
    }

    /// A multiple-choice example: the stem, then `Options:` with lettered lines;
    /// the gold is the letter of `correct`.
    static func multipleChoice(stem: String, options: [String], correct: Int) -> Example {
        let lines = options.enumerated().map { "(\(letter($0.offset))) \($0.element)" }
        let question = stem + "\nOptions:\n" + lines.joined(separator: "\n")
        return Example(question: question, answers: [letter(correct)], choices: options)
    }

    /// The `<Question>` wrapper and closing instruction shared by the built-in prompts.
    static func userPrompt(_ lead: String, answerHint: String) -> String {
        "\(lead)\n<Question>{question}</Question>\nThink it through, then give \(answerHint) between <answer> and </answer>."
    }

    /// The same for a task answered at a glance (a review's rating): it asks
    /// for the answer alone, as the paper's review prompts do, so an answer
    /// costs a few tokens instead of a paragraph. It shows the tags literally:
    /// asked only to "give the number between <answer> and </answer>", the
    /// embedded 1.5B wrote a bare number (a format error) on 24 of 33 review
    /// questions; shown `<answer>N</answer>`, on 3 of the same 33
    /// (docs/benchmarks.md, "Review prompts").
    static func directUserPrompt(_ lead: String, answerHint: String) -> String {
        "\(lead)\n<Question>{question}</Question>\nWrite \(answerHint) between the tags <answer> and </answer>, like this: <answer>N</answer>."
    }
}
