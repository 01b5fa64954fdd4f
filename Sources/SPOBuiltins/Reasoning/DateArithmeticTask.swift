import SPOCore

/// Date arithmetic: from a date stated relative to today, find another date.
/// Plain proleptic Gregorian arithmetic (no Foundation calendars, no time zones).
enum DateArithmeticTask {
    struct CivilDate: Hashable, Sendable {
        var year: Int
        var month: Int
        var day: Int

        /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
        var dayNumber: Int {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let mp = (month + 9) % 12
            let doy = (153 * mp + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        init(dayNumber z0: Int) {
            let z = z0 + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            day = doy - (153 * mp + 2) / 5 + 1
            month = mp < 10 ? mp + 3 : mp - 9
            year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        }

        func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

        static func isValid(year: Int, month: Int, day: Int) -> Bool {
            guard (1...12).contains(month), day >= 1 else { return false }
            return CivilDate(year: year, month: month, day: day).adding(days: 0) == CivilDate(year: year, month: month, day: day)
        }

        var text: String {
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
            return "\(two(month))/\(two(day))/\(year)"
        }
    }

    /// A sentence stating a date, and how many days today is after that date.
    static func anchor(_ date: String, _ rng: inout SeededRandom) -> (String, Int) {
        switch rng.below(6) {
        case 0: return ("Today is \(date).", 0)
        case 1: return ("Yesterday was \(date).", 1)
        case 2: return ("Tomorrow is \(date).", -1)
        case 3: return ("The day before yesterday was \(date).", 2)
        case 4:
            let k = rng.int(in: 3...12)
            return ("\(TextKit.capitalizedFirst(TextKit.word(k))) days ago, the date was \(date).", k)
        default:
            let k = rng.int(in: 2...10)
            return ("In \(k) days it will be \(date).", -k)
        }
    }

    /// A question about a day, and its offset from today.
    static func ask(_ rng: inout SeededRandom, todayKnown: Bool) -> (String, Int) {
        while true {
            switch rng.below(8) {
            case 0 where !todayKnown: return ("What is the date today?", 0)
            case 1: return ("What is the date tomorrow?", 1)
            case 2: return ("What was the date yesterday?", -1)
            case 3: return ("What is the date one week from today?", 7)
            case 4: return ("What was the date one week ago?", -7)
            case 5:
                let k = rng.int(in: 2...45)
                return ("What will the date be \(k) days from today?", k)
            case 6:
                let k = rng.int(in: 2...45)
                return ("What was the date \(k) days ago?", -k)
            case 7: return ("What is the date two weeks from today?", 14)
            default: continue
            }
        }
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let base = CivilDate(year: rng.int(in: 1985...2035), month: rng.int(in: 1...12), day: 1)
        // Days near month ends and in February are where date arithmetic goes wrong.
        let stated = base.adding(days: rng.chance(0.4) ? rng.int(in: 20...40) : rng.int(in: 0...27))
        let (anchorText, todayOffset) = anchor(stated.text, &rng)
        var (askText, askOffset) = ask(&rng, todayKnown: todayOffset == 0)
        // Asking for the stated date itself would need no arithmetic.
        while todayOffset + askOffset == 0 { (askText, askOffset) = ask(&rng, todayKnown: todayOffset == 0) }
        let gold = stated.adding(days: todayOffset + askOffset)

        var distractors: [CivilDate] = [
            gold.adding(days: 1), gold.adding(days: -1), gold.adding(days: rng.chance(0.5) ? 2 : -2),
            stated.adding(days: askOffset - todayOffset),
            CivilDate(year: gold.year + (rng.chance(0.5) ? 1 : -1), month: gold.month, day: min(gold.day, 28)),
            CivilDate(year: gold.year, month: gold.month % 12 + 1, day: min(gold.day, 28)),
        ]
        if CivilDate.isValid(year: gold.year, month: gold.day, day: gold.month) {
            distractors.append(CivilDate(year: gold.year, month: gold.day, day: gold.month))
        }
        var options = [gold]
        for d in distractors.stableShuffled(using: &rng) where !options.contains(d) && options.count < 5 {
            options.append(d)
        }
        options.stableShuffle(using: &rng)
        let stem = "\(anchorText) \(askText) Give the date in MM/DD/YYYY form."
        return TextKit.multipleChoice(
            stem: stem, options: options.map(\.text), correct: options.firstIndex(of: gold)!)
    }

    static let family = BuiltinTaskFamily(
        name: "date_arithmetic", domain: "reasoning",
        summary: "Work out a date from a relative statement (days, weeks, month ends); pick from five dates.",
        answerKind: .letter, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Work out what today's date is, then count forward or backward to the date that is asked for.",
            answerHint: "the letter of the correct date"),
        generate: { generate(&$0) })
}
