import Foundation
import Testing
@testable import SPOCore
@testable import SPOBuiltins

/// Re-derives the gold answers of the comprehension and fact-checking families
/// by parsing the passage, table, memo or snippet in each question.
@Suite struct BuiltinGroundedSolverTests {
    // MARK: passage_qa

    @Test func passageQA() throws {
        for ex in BuiltinFixture.examples("passage_qa") {
            let m = try #require(captures("^Passage: (.+)\nQuestion: (.+)$", ex.question))
            let (passage, question) = (m[0], m[1])
            // One sentence per shop, each with its opening year.
            let shops = passage.components(separatedBy: ". ").filter { captures("\\b(\\d{4})\\b", $0) != nil }
            #expect((3...4).contains(shops.count), "\(passage)")
            let year = { (s: String) in Int(captures("\\b(\\d{4})\\b", s)![0])! }
            func only(_ keys: [String]) throws -> String {
                let hits = shops.filter { s in keys.allSatisfy { s.contains($0) } }
                try #require(hits.count == 1, "\(keys) in \(passage)")
                return hits[0]
            }
            let gold = ex.answer
            let sentence: String
            if let q = captures("^Who opened the (.+) on (.+)\\?$", question) {
                sentence = try only(q)
            } else if let q = captures("^In what year did (.+) open\\?$", question) {
                sentence = try only([q[0]])
                #expect(String(year(sentence)) == gold)
            } else if let q = captures("^On which street is the shop that (.+) started\\?$", question) {
                sentence = try only([q[0]])
                #expect(captures(" (Street|Road|Lane|Row|Avenue|Way|Square)$", gold) != nil)
                #expect(ex.answers.count == 2 && gold.hasPrefix(ex.answers[1] + " "))
            } else if let q = captures("^What is the (.+) that opened in (\\d{4}) best known for\\?$", question) {
                sentence = try only(q)
                #expect(sentence.contains("its \(gold)"))
            } else if question == "Which of the shops described is the oldest?" {
                sentence = try #require(shops.min { year($0) < year($1) })
            } else {
                #expect(question == "Who founded the most recently opened shop in the passage?")
                sentence = try #require(shops.max { year($0) < year($1) })
            }
            // The gold is a span of the right sentence and of no other.
            #expect(sentence.contains(gold), "\(gold) not in \(sentence)")
            #expect(shops.filter { $0.contains(gold) }.count == 1, "\(gold) is ambiguous in \(passage)")
            for alt in ex.answers.dropFirst() { #expect(gold.contains(alt)) }
        }
    }

    // MARK: schedule_lookup

    struct Departure {
        let id: String, destination: String, departs: String, arrives: String, platform: String
    }

    static func minutes(_ clock: String) -> Int {
        let p = clock.split(separator: ":").map { Int($0)! }
        return p[0] * 60 + p[1]
    }

    @Test func scheduleLookup() throws {
        for ex in BuiltinFixture.examples("schedule_lookup") {
            let lines = ex.question.components(separatedBy: "\n")
            #expect(lines[0] == "Departures:")
            let header = lines[1].components(separatedBy: " | ")
            #expect(header.count == 5 && header[1] == "Destination")
            let vehicle = header[0].lowercased()
            let rows = try lines[2..<(lines.count - 1)].map { line -> Departure in
                let c = line.components(separatedBy: " | ")
                try #require(c.count == 5)
                return Departure(id: c[0], destination: c[1], departs: c[2], arrives: c[3], platform: c[4])
            }
            #expect(Set(rows.map(\.departs)).count == rows.count && Set(rows.map(\.id)).count == rows.count)
            let question = String(try #require(lines.last).dropFirst("Question: ".count))
            let answer: String
            if let q = captures("^From which platform does the (\\d\\d:\\d\\d) (\\w+) to (.+) leave\\?$", question) {
                #expect(q[1] == vehicle)
                answer = try #require(rows.first { $0.departs == q[0] && $0.destination == q[2] }).platform
            } else if let q = captures("^At what time does (\\w+) arrive in (.+)\\?$", question) {
                answer = try #require(rows.first { $0.id == q[0] && $0.destination == q[1] }).arrives
            } else if let q = captures("^Which (\\w+) leaves at (\\d\\d:\\d\\d)\\?$", question) {
                answer = try #require(rows.first { $0.departs == q[1] }).id
            } else if let q = captures("^If I reach the station at (\\d\\d:\\d\\d), which is the first (\\w+) to (.+) I can take\\?$", question) {
                let options = rows.filter { $0.destination == q[2] && Self.minutes($0.departs) >= Self.minutes(q[0]) }
                answer = try #require(options.min { Self.minutes($0.departs) < Self.minutes($1.departs) }).id
            } else if let q = captures("^Which (\\w+) to (.+) has the shortest journey\\?$", question) {
                let same = rows.filter { $0.destination == q[1] }
                let length = { (d: Departure) in Self.minutes(d.arrives) - Self.minutes(d.departs) }
                let best = try #require(same.map(length).min())
                let fastest = same.filter { length($0) == best }
                try #require(fastest.count == 1, "ambiguous fastest: \(ex.question)")
                answer = fastest[0].id
            } else {
                let q = try #require(captures("^How many departures to (.+) are listed\\?$", question), "\(question)")
                answer = String(rows.filter { $0.destination == q[0] }.count)
            }
            #expect(answer == ex.answer, "\(ex.question)")
        }
    }

    // MARK: memo_qa

    @Test func memoQA() throws {
        for ex in BuiltinFixture.examples("memo_qa") {
            let m = try #require(captures(
                "The (.+?) is scheduled for (\\w+) at (\\d{1,2}:\\d\\d [AP]M) in (Room \\w+)\\. (.+?) will lead the session\\. Please bring (.+?)\\.\n",
                ex.question), "\(ex.question)")
            var (day, time, room, lead, item) = (m[1], m[2], m[3], m[4], m[5])
            let event = m[0]
            if let update = captures("\nUpdate: (.+?)\n", ex.question)?.first {
                if let u = captures("moves to (\\w+); the time stays the same", update) { day = u[0] }
                if let u = captures("The start time has changed to (\\d{1,2}:\\d\\d [AP]M)\\.", update) { time = u[0] }
                if let u = captures("We are now meeting in (Room \\w+) instead", update) { room = u[0] }
                if let u = captures("([A-Z][a-z]+ [A-Z][a-z]+) will lead the session in place of ", update) { lead = u[0] }
                if let u = captures("please bring (.+?) instead\\.", update) { item = u[0] }
            }
            let question = try #require(captures("\nQuestion: (.+)$", ex.question)?.first)
            #expect(question.contains(event))
            let expected: String
            if question.hasPrefix("On which day") { expected = day }
            else if question.hasPrefix("At what time") { expected = time }
            else if question.hasPrefix("In which room") { expected = room }
            else if question.hasPrefix("Who will lead") { expected = lead }
            else {
                #expect(question.hasPrefix("What should attendees bring"))
                expected = item
            }
            #expect(expected == ex.answer, "\(ex.question)")
        }
    }

    // MARK: fact_check_people

    @Test func factCheckPeople() throws {
        for ex in BuiltinFixture.examples("fact_check_people") {
            let m = try #require(captures("^Snippet: (.+)\nClaim: (.+)\nIs the claim supported by the snippet\\?$", ex.question))
            let (snippet, claim) = (m[0], m[1])
            var born: [String: Int] = [:], city: [String: String] = [:], joined: [String: Int] = [:]
            let employer: String, winner: String, award: String, awardYear: Int
            if let s = captures(
                "^(.+) \\(born (\\d{4}) in (\\w+)\\) is an? (.+) who has worked at (.+) since (\\d{4})\\. In (\\d{4}), (.+) received the (.+)\\. (.+)'s colleague (.+), born in (\\w+) in (\\d{4}), joined (.+) in (\\d{4})\\.$",
                snippet)
            {
                (born[s[0]], city[s[0]], joined[s[0]]) = (Int(s[1])!, s[2], Int(s[5])!)
                (born[s[10]], city[s[10]], joined[s[10]]) = (Int(s[12])!, s[11], Int(s[14])!)
                (employer, awardYear, winner, award) = (s[4], Int(s[6])!, s[7], s[8])
                #expect(s[9] == s[0] && s[13] == employer)
            } else {
                let s = try #require(captures(
                    "^Born in (\\w+) in (\\d{4}), (.+) trained as an? (.+) and joined (.+) in (\\d{4})\\. (.+) won the (.+) in (\\d{4})\\. (.+) also employs (.+) \\(born (\\d{4}), (\\w+)\\), who arrived in (\\d{4})\\.$",
                    snippet), "\(snippet)")
                (born[s[2]], city[s[2]], joined[s[2]]) = (Int(s[1])!, s[0], Int(s[5])!)
                (born[s[10]], city[s[10]], joined[s[10]]) = (Int(s[11])!, s[12], Int(s[13])!)
                (employer, winner, award, awardYear) = (s[4], s[6], s[7], Int(s[8])!)
                #expect(s[9].lowercased() == employer.lowercased())
            }
            #expect(born.count == 2)
            let supported: Bool
            if let c = captures("^(.+) was born in (\\d{4})\\.$", claim) {
                supported = born[c[0]] == Int(c[1])
            } else if let c = captures("^(.+) was born in (.+)\\.$", claim) {
                supported = city[c[0]] == c[1]
            } else if let c = captures("^(.+) joined (.+) before (.+) did\\.$", claim) {
                supported = c[1] == employer && joined[c[0]]! < joined[c[2]]!
            } else if let c = captures("^(.+) joined (.+) in (\\d{4})\\.$", claim) {
                supported = c[1] == employer && joined[c[0]] == Int(c[2])
            } else if let c = captures("^(.+) works at (.+)\\.$", claim) {
                #expect(born[c[0]] != nil)
                supported = c[1] == employer
            } else if let c = captures("^(.+) (?:received|won) the (.+) in (\\d{4})\\.$", claim) {
                supported = c[0] == winner && c[1] == award && Int(c[2]) == awardYear
            } else {
                let c = try #require(captures("^(.+) is older than (.+)\\.$", claim), "\(claim)")
                supported = born[c[0]]! < born[c[1]]!
            }
            #expect((supported ? "yes" : "no") == ex.answer, "\(ex.question)")
        }
    }

    // MARK: fact_check_numbers

    @Test func factCheckNumbers() throws {
        for ex in BuiltinFixture.examples("fact_check_numbers") {
            let m = try #require(captures("^Snippet: (.+)\nClaim: (.+)\nIs the claim supported by the snippet\\?$", ex.question))
            let (snippet, claim) = (m[0], m[1])
            var value: [String: [Int: Int]] = [:]
            let metric: String, y1: Int, y2: Int
            if let s = captures("^(.+) recorded (\\d+) (.+) in (\\d{4}) and (\\d+) in (\\d{4}), while (.+) recorded (\\d+) in \\d{4} and (\\d+) in \\d{4}\\.$", snippet) {
                (metric, y1, y2) = (s[2], Int(s[3])!, Int(s[5])!)
                value[s[0]] = [y1: Int(s[1])!, y2: Int(s[4])!]
                value[s[6]] = [y1: Int(s[7])!, y2: Int(s[8])!]
            } else {
                let s = try #require(captures("^In (\\d{4}), (.+) logged (\\d+) (.+) and (.+) logged (\\d+)\\. By (\\d{4}), the figures were (\\d+) for (.+) and (\\d+) for (.+)\\.$", snippet), "\(snippet)")
                (metric, y1, y2) = (s[3], Int(s[0])!, Int(s[6])!)
                #expect(s[8] == s[1] && s[10] == s[4])
                value[s[1]] = [y1: Int(s[2])!, y2: Int(s[7])!]
                value[s[4]] = [y1: Int(s[5])!, y2: Int(s[9])!]
            }
            #expect(value.count == 2 && y2 > y1)
            func v(_ town: String, _ year: Int) throws -> Int { try #require(value[town]?[year], "\(town) \(year)") }
            let supported: Bool
            if let c = captures("^The number of (.+) in (.+) (rose|fell) between (\\d{4}) and (\\d{4})\\.$", claim) {
                let change = try v(c[1], y2) - v(c[1], y1)
                supported = c[2] == "rose" ? change > 0 : change < 0
            } else if let c = captures("^Between (\\d{4}) and (\\d{4}), (.+) in (.+) went (up|down) by (\\d+)\\.$", claim) {
                let change = try v(c[3], y2) - v(c[3], y1)
                supported = change == (c[4] == "up" ? 1 : -1) * Int(c[5])!
            } else if let c = captures("^The number of (.+) in (.+) more than doubled from (\\d{4}) to (\\d{4})\\.$", claim) {
                supported = try v(c[1], y2) > 2 * v(c[1], y1)
            } else if let c = captures("^In (\\d{4}), (.+) recorded (\\d+) more (.+) than (.+)\\.$", claim) {
                let year = Int(c[0])!
                supported = try v(c[1], year) - v(c[4], year) == Int(c[2])!
            } else if let c = captures("^In (\\d{4}), (.+) recorded (more|fewer) (.+) than (.+)\\.$", claim) {
                let year = Int(c[0])!
                let (a, b) = (try v(c[1], year), try v(c[4], year))
                supported = c[2] == "more" ? a > b : a < b
            } else {
                let c = try #require(captures("^Together, the two towns recorded (\\d+) (.+) in (\\d{4})\\.$", claim), "\(claim)")
                let year = Int(c[2])!
                supported = value.values.map { $0[year]! }.reduce(0, +) == Int(c[0])!
            }
            #expect(claim.contains(metric))
            #expect((supported ? "yes" : "no") == ex.answer, "\(ex.question)")
        }
    }

    // MARK: fact_check_events

    @Test func factCheckEvents() throws {
        for ex in BuiltinFixture.examples("fact_check_events") {
            let m = try #require(captures("^Snippet: (.+)\nClaim: (.+)\nIs the claim supported by the snippet\\?$", ex.question))
            let (snippet, claim) = (m[0], m[1])
            var sentences = snippet.components(separatedBy: ". ").map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            let first = try #require(captures("^(.+) was founded in (\\d{4})$", sentences.removeFirst()))
            let org = first[0]
            let founded = Int(first[1])!
            var year: [String: Int] = [:]
            var previous = founded
            for s in sentences {
                let event: String, y: Int
                if let c = captures("^In (\\d{4}), it (.+)$", s) {
                    (y, event) = (Int(c[0])!, c[1])
                } else if let c = captures("^(\\w+) years? later, it (.+)$", s) {
                    (y, event) = (previous + (try #require(parseCount(c[0]))), c[1])
                } else {
                    let c = try #require(captures("^(\\w+) years after its founding, it (.+)$", s), "\(s)")
                    (y, event) = (founded + (try #require(parseCount(c[0]))), c[1])
                }
                #expect(y > previous, "events are told in order")
                year[event] = y
                previous = y
            }
            #expect((3...4).contains(year.count))
            try #require(claim.hasPrefix(org + " "), "\(claim)")
            let rest = String(claim.dropFirst(org.count + 1).dropLast())  // no final period
            let supported: Bool
            if let c = captures("^was (\\w+) years? old when it (.+)$", rest) {
                supported = try #require(year[c[1]]) - founded == parseCount(c[0])
            } else {
                let event = try #require(year.keys.first { rest.hasPrefix($0 + " ") }, "\(rest)")
                let tail = String(rest.dropFirst(event.count + 1))
                if let c = captures("^(before|after) it (.+)$", tail) {
                    let other = try #require(year[c[1]])
                    supported = c[0] == "before" ? year[event]! < other : year[event]! > other
                } else if let c = captures("^in (\\d{4})$", tail) {
                    supported = year[event] == Int(c[0])
                } else {
                    let c = try #require(captures("^(\\w+) years? after it (.+)$", tail), "\(tail)")
                    supported = try year[event]! - #require(year[c[1]]) == parseCount(c[0])
                }
            }
            #expect((supported ? "yes" : "no") == ex.answer, "\(ex.question)")
        }
    }
}
