import SPOCore

/// An office memo announcing a meeting, sometimes followed by corrections; the
/// question asks for the final value of one detail.
enum MemoQATask {
    static let events = ["budget review", "design workshop", "quarterly planning meeting", "safety briefing",
                         "product demo", "volunteer orientation", "hiring committee meeting", "team retrospective"]
    static let rooms = ["Room 2A", "Room 3C", "Room 4B", "Room 5D", "Room 1F", "Room 6E", "Room 7A"]
    static let items = ["a laptop", "the printed agenda", "last month's figures", "a notebook", "your badge",
                        "the signed forms", "sketches of the new layout"]
    static let reasons = ["a scheduling clash", "building maintenance", "a travel delay", "a request from the director",
                          "a double booking"]
    static let senders = ["Operations", "The Facilities Team", "Human Resources", "The Project Office"]

    struct Details: Sendable {
        var day: String
        /// Minutes after midnight.
        var time: Int
        var room: String
        var presenter: String
        var item: String
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        let h12 = h > 12 ? h - 12 : h
        return "\(h12):\(m < 10 ? "0" : "")\(m) \(h >= 12 ? "PM" : "AM")"
    }

    /// "2:30 PM", "2:30 pm", "2:30pm", "2:30".
    static func timeAnswers(_ minutes: Int) -> [String] {
        let text = clock(minutes)
        let bare = String(text.split(separator: " ")[0])
        return [text, bare + String(text.suffix(2)).lowercased(), bare]
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let people = Vocabulary.distinctFullNames(2, &rng)
        let times = Array(stride(from: 8 * 60 + 30, through: 16 * 60 + 30, by: 15)).stableSample(2, using: &rng)
        let days = Vocabulary.weekdays.stableSample(2, using: &rng)
        let roomPair = rooms.stableSample(2, using: &rng)
        let itemPair = items.stableSample(2, using: &rng)
        var details = Details(day: days[0], time: times[0], room: roomPair[0], presenter: people[0], item: itemPair[0])
        let event = rng.pick(events)

        let original = [
            "The \(event) is scheduled for \(details.day) at \(clock(details.time)) in \(details.room).",
            "\(details.presenter) will lead the session.",
            "Please bring \(details.item).",
        ]
        // 0–2 corrections, each changing one field.
        var updates: [String] = []
        for field in Array(0..<5).stableSample(rng.int(in: 0...2), using: &rng) {
            switch field {
            case 0:
                details.day = days[1]
                updates.append("Because of \(rng.pick(reasons)), the \(event) moves to \(details.day); the time stays the same.")
            case 1:
                details.time = times[1]
                updates.append("The start time has changed to \(clock(details.time)).")
            case 2:
                details.room = roomPair[1]
                updates.append("We are now meeting in \(details.room) instead.")
            case 3:
                details.presenter = people[1]
                updates.append("\(details.presenter) will lead the session in place of \(people[0]).")
            default:
                details.item = itemPair[1]
                updates.append("There is no need to bring \(itemPair[0]); please bring \(details.item) instead.")
            }
        }
        var memo = "Subject: \(TextKit.capitalizedFirst(event))\nHello everyone,\n" + original.joined(separator: " ")
        if !updates.isEmpty { memo += "\nUpdate: " + updates.joined(separator: " ") }
        memo += "\nThank you,\n\(rng.pick(senders))"

        let question: String
        var answers: [String]
        switch rng.below(5) {
        case 0:
            question = "On which day will the \(event) take place?"
            answers = [details.day]
        case 1:
            question = "At what time does the \(event) start?"
            answers = timeAnswers(details.time)
        case 2:
            question = "In which room will the \(event) be held?"
            answers = [details.room, String(details.room.split(separator: " ")[1])]
        case 3:
            question = "Who will lead the \(event)?"
            answers = [details.presenter]
        default:
            question = "What should attendees bring to the \(event)?"
            answers = [details.item]
            if details.item.hasPrefix("your ") { answers.append(String(details.item.dropFirst(5))) }
        }
        return Example(question: "Memo:\n\(memo)\nQuestion: \(question)", answers: answers)
    }

    static let family = BuiltinTaskFamily(
        name: "memo_qa", domain: "comprehension",
        summary: "Read a meeting memo with possible corrections and report the final day, time, room, lead or item.",
        answerKind: .text, metric: .exactMatch,
        userPrompt: TextKit.userPrompt(
            "Answer from the memo, taking any later update into account. Reply with only the requested detail, worded as in the memo.",
            answerHint: "only that detail"),
        generate: { generate(&$0) })
}
