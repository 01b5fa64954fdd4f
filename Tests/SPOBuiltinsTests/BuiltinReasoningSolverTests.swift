import Foundation
import Testing
@testable import SPOCore
@testable import SPOBuiltins

/// Re-derives the gold answer of every reasoning example from its question text.
@Suite struct BuiltinReasoningSolverTests {
    // MARK: object_counting

    @Test func objectCounting() throws {
        // Item names → category, from the generator's word list (the data); the parsing and sum are ours.
        var categoryOf: [String: String] = [:]
        for category in ObjectCountingTask.categories {
            for item in category.items {
                categoryOf[item.singular] = category.name
                categoryOf[item.plural] = category.name
            }
        }
        let categoryNames = ObjectCountingTask.categories.map(\.name)
        for ex in BuiltinFixture.examples("object_counting") {
            let sentences = ex.question.components(separatedBy: ". ")
            let mine = try #require(captures(
                "^(?:I have|I own|I've got|My collection includes|Here is what I have:) (.+)$", sentences[0])?.first,
                "\(ex.question)")
            if sentences.count == 3 { #expect(sentences[1].hasPrefix("My ") && sentences[1].contains(" has ")) }
            let asked = try #require(sentences.last)
            let targets = categoryNames.filter { asked.contains($0) }
            try #require(targets.count == 1, "\(asked)")

            var entries = mine.components(separatedBy: ", ")
            if entries.count == 1 { entries = mine.components(separatedBy: " and ") }
            #expect((3...10).contains(entries.count), "\(entries)")
            var total = 0
            for raw in entries {
                let entry = raw.hasPrefix("and ") ? String(raw.dropFirst(4)) : raw
                let words = entry.split(separator: " ", maxSplits: 1).map(String.init)
                try #require(words.count == 2, "\(entry)")
                let quantity = try #require(words[0] == "a" || words[0] == "an" ? 1 : parseCount(words[0]), "\(entry)")
                let category = try #require(categoryOf[words[1]], "unknown item \(words[1])")
                if category == targets[0] { total += quantity }
            }
            #expect(String(total) == ex.answer, "\(ex.question)")
            #expect(total >= 1)
        }
    }

    // MARK: tracking_shuffled_objects

    @Test func trackingShuffledObjects() throws {
        for ex in BuiltinFixture.examples("tracking_shuffled_objects") {
            let (stem, options) = try #require(splitOptions(ex.question))
            let lines = stem.components(separatedBy: "\n")
            try #require(lines.count == 3, "\(stem)")
            let people = try #require(captures("^(.+?) are ", lines[0])?.first)
                .replacingOccurrences(of: ", and ", with: ", ").replacingOccurrences(of: " and ", with: ", ")
                .components(separatedBy: ", ")
            let setup = try #require(captures(": (.+)\\.$", lines[0])?.first)
            let clauses = setup.replacingOccurrences(of: ", and ", with: ", ").components(separatedBy: ", ")
            #expect(clauses.count == people.count)
            // Starting object of each person: the thing named after the name in their clause.
            var holding: [String: String] = [:]
            var objects: [String] = []
            for (person, clause) in zip(people, clauses) {
                #expect(clause.hasPrefix(person + " "))
                let rest = clause.dropFirst(person.count + 1)
                let object = try #require(
                    allCaptures("^(?:has the|is reading|is dancing with|is playing|holds the) (.+)$", String(rest)).first?.first,
                    "\(clause)")
                holding[person] = object
                objects.append(object)
            }
            let swaps = allCaptures("([A-Z][a-z]+) and ([A-Z][a-z]+) (?:swap|trade|switch|exchange)", lines[1])
            #expect((people.count...(people.count + 2)).contains(swaps.count))
            for (i, swap) in swaps.enumerated() {
                let (a, b) = (swap[0], swap[1])
                #expect(a != b)
                if i > 0 { #expect(Set(swap) != Set(swaps[i - 1]), "a swap right after the same swap undoes it") }
                (holding[a], holding[b]) = (holding[b], holding[a])
            }
            let ask = lines[2]
            let answer: String
            if options == objects {
                let person = try #require(people.first { containsWord(ask, $0) }, "\(ask)")
                answer = try #require(holding[person])
            } else {
                #expect(options == people)
                let object = try #require(objects.first { ask.contains($0) }, "\(ask)")
                answer = try #require(holding.first { $0.value == object }?.key)
            }
            #expect(options[try #require(letterIndex(ex.answer))] == answer, "\(ex.question)")
        }
    }

    // MARK: logical_deduction

    /// Position phrases per scenario wording; negative positions count from the end.
    static let positionWords: [String: [(String, Int)]] = [
        "shelf": [("the leftmost", 0), ("the second from the left", 1), ("the third from the left", 2),
                  ("the rightmost", -1), ("the second from the right", -2), ("the third from the right", -3)],
        "race": [("finished first", 0), ("finished second", 1), ("finished third", 2), ("finished last", -1),
                 ("finished second-to-last", -2), ("finished third-to-last", -3)],
        "age": [("the oldest", 0), ("the second-oldest", 1), ("the third-oldest", 2), ("the newest", -1),
                ("the second-newest", -2), ("the third-newest", -3)],
    ]

    static func allOrders(_ n: Int) -> [[Int]] {
        if n == 0 { return [[]] }
        return allOrders(n - 1).flatMap { smaller in (0...smaller.count).map { i in
            var p = smaller
            p.insert(n - 1, at: i)
            return p
        } }
    }

    @Test func logicalDeduction() throws {
        for ex in BuiltinFixture.examples("logical_deduction") {
            let (stem, options) = try #require(splitOptions(ex.question))
            let style = stem.contains("shelf") || stem.contains("branch") ? "shelf"
                : stem.contains("race") || stem.contains("golf") ? "race" : "age"
            let words = try #require(Self.positionWords[style]).sorted { $0.0.count > $1.0.count }
            let listText = try #require(captures(": (.+?)\\. ", stem)?.first)
            let objects = listText.replacingOccurrences(of: ", and ", with: ", ").replacingOccurrences(of: " and ", with: ", ")
                .components(separatedBy: ", ")
                .map { $0.hasPrefix("a ") ? String($0.dropFirst(2)) : $0.hasPrefix("an ") ? String($0.dropFirst(3)) : $0 }
            let n = objects.count
            let afterList = try #require(stem.range(of: listText + ". "))
            let clueText = String(stem[afterList.upperBound...]).components(separatedBy: "\n")[0]
            let clues = clueText.components(separatedBy: ". ").map {
                $0.hasSuffix(".") ? String($0.dropLast()) : $0
            }

            /// A statement as a predicate over `position[objectIndex]`.
            func predicate(_ sentence: String) throws -> ([Int]) -> Bool {
                let mentioned = objects.indices.filter { containsWord(sentence, objects[$0]) }
                    .sorted { sentence.range(of: objects[$0])!.lowerBound < sentence.range(of: objects[$1])!.lowerBound }
                if mentioned.count == 2 {
                    let (a, b) = (mentioned[0], mentioned[1])
                    let before = ["left of", "ahead of", "older than"].contains { sentence.contains($0) }
                    let after = ["right of", "behind", "newer than"].contains { sentence.contains($0) }
                    try #require(before != after, "\(sentence)")
                    return before ? { $0[a] < $0[b] } : { $0[a] > $0[b] }
                }
                try #require(mentioned.count == 1, "\(sentence)")
                let (phrase, raw) = try #require(words.first { sentence.hasSuffix($0.0) }, "\(sentence)")
                _ = phrase
                let target = raw >= 0 ? raw : n + raw
                let o = mentioned[0]
                return { $0[o] == target }
            }
            let predicates = try clues.map(predicate)
            let solutions = Self.allOrders(n).filter { p in predicates.allSatisfy { $0(p) } }
            try #require(solutions.count == 1, "clues must fix the order: \(ex.question)")
            let trueOptions = try options.indices.filter { try predicate(options[$0])(solutions[0]) }
            #expect(trueOptions.count == 1 && TextKit.letter(trueOptions[0]) == ex.answer, "\(ex.question)")
            #expect((3...5).contains(n))
        }
    }

    // MARK: navigate

    @Test func navigate() throws {
        for ex in BuiltinFixture.examples("navigate") {
            let parts = ex.question.components(separatedBy: "? ")
            try #require(parts.count == 2)
            let steps = parts[1].components(separatedBy: ". ").map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            var x = 0, y = 0, heading = 0  // 0 north, 1 east, 2 south, 3 west
            let dx = [0, 1, 0, -1], dy = [1, 0, -1, 0]
            var faceForward = false, moves = 0
            for step in steps {
                if step == "Always face forward" { faceForward = true; continue }
                if step == "Turn left" { heading = (heading + 3) % 4; continue }
                if step == "Turn right" { heading = (heading + 1) % 4; continue }
                if step == "Turn around" { heading = (heading + 2) % 4; continue }
                let m = try #require(captures("^Take (\\w+) steps?(?: (forward|backward|left|right))?$", step), "\(step)")
                let count = try #require(parseCount(m[0]))
                let offset = ["": 0, "forward": 0, "right": 1, "backward": 2, "left": 3][m[1]] ?? 0
                if faceForward { #expect(!m[1].isEmpty) }
                let d = (heading + offset) % 4
                x += dx[d] * count
                y += dy[d] * count
                moves += 1
            }
            #expect((3...7).contains(moves))
            #expect((x == 0 && y == 0 ? "yes" : "no") == ex.answer, "\(ex.question)")
        }
    }

    // MARK: boolean_expressions

    struct BoolParser {
        var tokens: [String]
        var i = 0
        mutating func next() -> String? { i < tokens.count ? tokens[i] : nil }
        mutating func orExpr() throws -> Bool {
            var v = try andExpr()
            while next() == "or" { i += 1; let r = try andExpr(); v = v || r }
            return v
        }
        mutating func andExpr() throws -> Bool {
            var v = try notExpr()
            while next() == "and" { i += 1; let r = try notExpr(); v = v && r }
            return v
        }
        mutating func notExpr() throws -> Bool {
            if next() == "not" { i += 1; return try !notExpr() }
            return try atom()
        }
        mutating func atom() throws -> Bool {
            let t = try #require(next())
            i += 1
            if t == "True" { return true }
            if t == "False" { return false }
            try #require(t == "(")
            let v = try orExpr()
            try #require(next() == ")")
            i += 1
            return v
        }
    }

    @Test func booleanExpressions() throws {
        for ex in BuiltinFixture.examples("boolean_expressions") {
            var expr = ex.question
            if let r = expr.range(of: ": ") { expr = String(expr[r.upperBound...]) }
            else if let r = expr.range(of: "? ") { expr = String(expr[r.upperBound...]) }
            else { expr = String(try #require(captures("^(.+) is$", expr)?.first)) }
            let tokens = expr.replacingOccurrences(of: "(", with: " ( ").replacingOccurrences(of: ")", with: " ) ")
                .split(separator: " ").map(String.init)
            var parser = BoolParser(tokens: tokens)
            let value = try parser.orExpr()
            #expect(parser.i == tokens.count, "trailing tokens in \(expr)")
            #expect((value ? "True" : "False") == ex.answer, "\(ex.question)")
        }
    }

    // MARK: date_arithmetic

    @Test func dateArithmetic() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        func date(_ text: String) throws -> Date {
            let p = text.split(separator: "/").compactMap { Int($0) }
            try #require(p.count == 3)
            return try #require(calendar.date(from: DateComponents(year: p[2], month: p[0], day: p[1])))
        }
        func text(_ d: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: d)
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            return "\(two(c.month!))/\(two(c.day!))/\(c.year!)"
        }
        let d = "(\\d\\d/\\d\\d/\\d{4})"
        for ex in BuiltinFixture.examples("date_arithmetic") {
            let (stem, options) = try #require(splitOptions(ex.question))
            // Days from the stated date to today.
            var today: Date
            if let m = captures("^Today is \(d)\\.", stem) { today = try date(m[0]) }
            else if let m = captures("^Yesterday was \(d)\\.", stem) { today = calendar.date(byAdding: .day, value: 1, to: try date(m[0]))! }
            else if let m = captures("^Tomorrow is \(d)\\.", stem) { today = calendar.date(byAdding: .day, value: -1, to: try date(m[0]))! }
            else if let m = captures("^The day before yesterday was \(d)\\.", stem) {
                today = calendar.date(byAdding: .day, value: 2, to: try date(m[0]))!
            } else if let m = captures("^(\\w+) days ago, the date was \(d)\\.", stem) {
                today = calendar.date(byAdding: .day, value: try #require(parseCount(m[0])), to: try date(m[1]))!
            } else {
                let m = try #require(captures("^In (\\d+) days it will be \(d)\\.", stem), "\(stem)")
                today = calendar.date(byAdding: .day, value: -Int(m[0])!, to: try date(m[1]))!
            }
            let offset: Int
            if stem.contains("What is the date today?") { offset = 0 }
            else if stem.contains("What is the date tomorrow?") { offset = 1 }
            else if stem.contains("What was the date yesterday?") { offset = -1 }
            else if stem.contains("one week from today") { offset = 7 }
            else if stem.contains("one week ago") { offset = -7 }
            else if stem.contains("two weeks from today") { offset = 14 }
            else if let m = captures("be (\\d+) days from today\\?", stem) { offset = Int(m[0])! }
            else { offset = -Int(try #require(captures("date (\\d+) days ago\\?", stem), "\(stem)")[0])! }
            let gold = text(calendar.date(byAdding: .day, value: offset, to: today)!)
            #expect(options.count == 5)
            #expect(captures(d, stem)?.first != gold, "the asked date must differ from the stated one")
            #expect(options.allSatisfy { captures("^\(d)$", $0) != nil })
            #expect(options[try #require(letterIndex(ex.answer))] == gold, "\(ex.question)")
        }
    }

    // MARK: web_of_lies

    @Test func webOfLies() throws {
        for ex in BuiltinFixture.examples("web_of_lies") {
            // "A lies. B says A tells the truth. Does B tell the truth?"
            var statements = ex.question.components(separatedBy: ". ")
            let ask = statements.removeLast()
            #expect(ask.hasSuffix("?"))
            var truthful: [String: Bool] = [:]
            var claims: [(speaker: String, about: String, says: Bool)] = []
            func isTruthPhrase(_ s: String) -> Bool? {
                if s.contains("truth") || s.contains("honest") { return true }
                if s.contains("lie") || s.contains("liar") || s.contains("lying") { return false }
                return nil
            }
            for raw in statements {
                let s = raw.hasSuffix(".") ? String(raw.dropLast()) : raw
                if let m = captures("^([A-Z][a-z]+) (?:says|claims|insists|states)(?: that)? ([A-Z][a-z]+) (.+)$", s) {
                    claims.append((m[0], m[1], try #require(isTruthPhrase(m[2]) as Bool?)))
                } else {
                    let m = try #require(captures("^([A-Z][a-z]+) (.+)$", s), "\(s)")
                    truthful[m[0]] = try #require(isTruthPhrase(m[1]) as Bool?)
                }
            }
            #expect(truthful.count == 1)
            var progress = true
            while progress {
                progress = false
                for c in claims where truthful[c.speaker] == nil {
                    if let t = truthful[c.about] {
                        truthful[c.speaker] = c.says == t
                        progress = true
                    }
                }
            }
            let person = try #require(captures("^(?:Does|Is) ([A-Z][a-z]+) ", ask)?.first)
            let value = try #require(truthful[person] as Bool?, "\(ex.question)")
            #expect((value ? "yes" : "no") == ex.answer, "\(ex.question)")
        }
    }

    // MARK: multistep_arithmetic

    struct ArithmeticParser {
        var tokens: [String]
        var i = 0
        func peek() -> String? { i < tokens.count ? tokens[i] : nil }
        mutating func sum() throws -> Int {
            var v = try product()
            while let t = peek(), t == "+" || t == "-" {
                i += 1
                let r = try product()
                v = t == "+" ? v + r : v - r
            }
            return v
        }
        mutating func product() throws -> Int {
            var v = try atom()
            while peek() == "*" { i += 1; v *= try atom() }
            return v
        }
        mutating func atom() throws -> Int {
            let t = try #require(peek())
            i += 1
            if t == "(" {
                let v = try sum()
                try #require(peek() == ")")
                i += 1
                return v
            }
            return try #require(Int(t), "bad token \(t)")
        }
    }

    @Test func multistepArithmetic() throws {
        for ex in BuiltinFixture.examples("multistep_arithmetic") {
            let q = ex.question
            let expr = try #require(captures("^(?:Compute |Evaluate |What is the value of )?(.+?)(?: =|\\.|\\?)$", q)?.first, "\(q)")
            // Tokens: parentheses, operators, and integers with an attached minus sign.
            var tokens: [String] = []
            var chars = Array(expr)[...]
            while let c = chars.first {
                if c == " " { chars = chars.dropFirst(); continue }
                if c.isNumber || (c == "-" && chars.dropFirst().first?.isNumber == true) {
                    var number = String(c)
                    chars = chars.dropFirst()
                    while let d = chars.first, d.isNumber { number.append(d); chars = chars.dropFirst() }
                    tokens.append(number)
                } else {
                    tokens.append(String(c))
                    chars = chars.dropFirst()
                }
            }
            var parser = ArithmeticParser(tokens: tokens)
            let value = try parser.sum()
            #expect(parser.i == tokens.count)
            let ops = tokens.filter { ["+", "-", "*"].contains($0) }.count
            #expect((2...4).contains(ops), "\(expr)")
            #expect(String(value) == ex.answer, "\(q)")
        }
    }
}
