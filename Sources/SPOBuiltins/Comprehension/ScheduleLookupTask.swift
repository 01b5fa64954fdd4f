import SPOCore

/// Questions about a small departure board given as a pipe-separated table.
enum ScheduleLookupTask {
    struct Row: Sendable {
        let id: String
        let destination: String
        /// Minutes after midnight.
        let departs: Int
        let arrives: Int
        let platform: Int
    }

    static let destinations = ["Oakridge", "Bramford", "Silverton", "Eastwick", "Port Allen", "Highmoor", "Lydney",
                               "Carrow", "Thornbury", "Westfield"]
    static let services = [("Train", "R"), ("Train", "IC"), ("Bus", "X"), ("Ferry", "F")]

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    /// Accepted spellings of a time: "09:05" and "9:05".
    static func timeAnswers(_ minutes: Int) -> [String] {
        let text = clock(minutes)
        return text.hasPrefix("0") ? [text, String(text.dropFirst())] : [text]
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let (vehicle, prefix) = rng.pick(services)
        let count = rng.int(in: 5...7)
        let places = destinations.stableSample(rng.int(in: 2...3), using: &rng)
        let ids = TextKit.distinctInts(count, in: 10...99, &rng).map { "\(prefix)\($0)" }
        let times = TextKit.distinctInts(count, in: (6 * 12)...(21 * 12 - 1), &rng).map { $0 * 5 }.sorted()
        var rows: [Row] = []
        for i in 0..<count {
            rows.append(Row(id: ids[i], destination: i < places.count ? places[i] : rng.pick(places),
                            departs: times[i], arrives: times[i] + rng.int(in: 4...30) * 5, platform: rng.int(in: 1...9)))
        }
        rows.stableShuffle(using: &rng)
        rows.sort { $0.departs < $1.departs }
        let lower = vehicle.lowercased()
        let table = (["\(vehicle) | Destination | Departs | Arrives | Platform"] + rows.map {
            "\($0.id) | \($0.destination) | \(clock($0.departs)) | \(clock($0.arrives)) | \($0.platform)"
        }).joined(separator: "\n")

        let row = rng.pick(rows)
        let sameDestination = rows.filter { $0.destination == row.destination }
        var question = ""
        var answers: [String] = []
        while answers.isEmpty {
            switch rng.below(6) {
            case 0:
                question = "From which platform does the \(clock(row.departs)) \(lower) to \(row.destination) leave?"
                answers = [String(row.platform), TextKit.word(row.platform)]
            case 1:
                question = "At what time does \(row.id) arrive in \(row.destination)?"
                answers = timeAnswers(row.arrives)
            case 2:
                question = "Which \(lower) leaves at \(clock(row.departs))?"
                answers = [row.id]
            case 3:
                // The first departure for a destination at or after a given time.
                let after = row.departs - rng.int(in: 0...8) * 5
                let first = sameDestination.filter { $0.departs >= after }.min { $0.departs < $1.departs }
                guard let first, first.id == row.id else { continue }
                question = "If I reach the station at \(clock(after)), which is the first \(lower) to \(row.destination) I can take?"
                answers = [first.id]
            case 4:
                let durations = sameDestination.map { $0.arrives - $0.departs }
                let best = durations.min()!
                guard sameDestination.count > 1, durations.filter({ $0 == best }).count == 1 else { continue }
                let fastest = sameDestination.first { $0.arrives - $0.departs == best }!
                question = "Which \(lower) to \(row.destination) has the shortest journey?"
                answers = [fastest.id]
            default:
                let n = sameDestination.count
                question = "How many departures to \(row.destination) are listed?"
                answers = [String(n), TextKit.word(n)]
            }
        }
        return Example(question: "Departures:\n\(table)\nQuestion: \(question)", answers: answers)
    }

    static let family = BuiltinTaskFamily(
        name: "schedule_lookup", domain: "comprehension",
        summary: "Look up or compare rows of a small departure table (platforms, times, fastest, first after).",
        answerKind: .text, metric: .exactMatch,
        userPrompt: TextKit.userPrompt(
            "Use only the departure table to answer. Reply with the bare value: a service code, a time as HH:MM, or a number.",
            answerHint: "just that value"),
        generate: { generate(&$0) })
}
