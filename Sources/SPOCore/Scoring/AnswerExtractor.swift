import Foundation

/// Reads predictions out of model responses and compares them with gold answers.
///
/// The rules follow MetaSPO's: only the last non-empty `<answer>…</answer>` counts
/// (tags case-insensitive); text outside the tags is ignored; no tag, or only
/// empty tags, is a format error. One tolerance is added for small local models:
/// an `<answer>` opened after the last complete pair and never closed counts up
/// to the end of the response.
public enum AnswerExtractor {
    /// The content of the last non-empty answer tag, trimmed; nil when there is none.
    public static func tagContent(_ response: String) -> String? {
        let scan = TagScanner(response, tag: "answer")
        var content: String?
        for pair in scan.pairs {
            let inner = scan.text(pair).trimmingCharacters(in: .whitespacesAndNewlines)
            if !inner.isEmpty { content = inner }
        }
        // An unclosed tag after the last pair: the model ran out of tokens or forgot.
        if let tail = scan.unclosed {
            let inner = scan.text(tail).trimmingCharacters(in: .whitespacesAndNewlines)
            if !inner.isEmpty { content = inner }
        }
        return content
    }

    /// The prediction for one response.
    /// - Parameter choiceCount: number of options for letter answers (limits the letters read).
    public static func extract(_ response: String, kind: AnswerKind, choiceCount: Int? = nil) -> Prediction {
        guard let content = tagContent(response) else { return .formatError }
        return read(content, kind: kind, choices: nil, choiceCount: choiceCount)
    }

    /// The prediction for one response to an example (uses its options for letters).
    public static func extract(_ response: String, kind: AnswerKind, example: Example) -> Prediction {
        guard let content = tagContent(response) else { return .formatError }
        return read(content, kind: kind, choices: example.choices, choiceCount: example.choices?.count)
    }

    /// Reads answer text that is already out of its tags (also used for gold answers).
    public static func read(_ content: String, kind: AnswerKind, choices: [String]? = nil, choiceCount: Int? = nil) -> Prediction {
        let value: String?
        switch kind {
        case .letter: value = readLetter(content, choices: choices, count: choiceCount ?? choices?.count)
        case .integer: value = readInteger(content)
        case .yesNo: value = readYesNo(content)
        case .text:
            // An answer that is only an article ("A") would normalise to nothing;
            // keep it lower-cased rather than call it a format error.
            let n = normalizeText(content)
            let plain = content.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            value = !n.isEmpty ? n : plain.isEmpty ? nil : plain
        case .number: value = readNumber(content).map(formatNumber)
        case .regex(let pattern): value = readRegex(content, pattern: pattern)
        }
        return value.map(Prediction.answer) ?? .formatError
    }

    /// Gold answers in the same normal form as predictions.
    public static func normalizedGolds(_ golds: [String], kind: AnswerKind, choices: [String]? = nil) -> [String] {
        golds.compactMap { gold -> String? in
            switch kind {
            case .regex: return gold.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            default:
                if case .answer(let v) = read(gold, kind: kind, choices: choices) { return v }
                return nil
            }
        }
    }

    /// Whether a prediction matches any gold answer.
    public static func isCorrect(_ prediction: Prediction, golds: [String], kind: AnswerKind, choices: [String]? = nil) -> Bool {
        guard case .answer(let p) = prediction else { return false }
        if case .number(let tolerance) = kind {
            guard let pv = Double(p) else { return false }
            return golds.contains { g in readNumber(g).map { abs($0 - pv) <= tolerance + 1e-12 } ?? false }
        }
        return normalizedGolds(golds, kind: kind, choices: choices).contains(p)
    }

    // MARK: - Kinds

    private static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    private static func readLetter(_ content: String, choices: [String]?, count: Int?) -> String? {
        let allowed = Set(letters.prefix(max(1, min(count ?? 26, 26))))
        let chars = Array(content)
        func isAlpha(_ c: Character) -> Bool { c.isLetter }
        // 1. "(B)" anywhere.
        if chars.count >= 3 {
            for i in 0..<(chars.count - 2) where chars[i] == "(" && chars[i + 2] == ")" {
                if let up = upper(chars[i + 1]), allowed.contains(up) { return String(up) }
            }
        }
        // 2. The whole answer is one letter, maybe with punctuation: "b", "C.", "D)".
        let bare = content.filter { $0.isLetter || $0.isNumber }
        if bare.count == 1, let c = bare.first, let up = upper(c), allowed.contains(up) {
            return String(up)
        }
        // 3. The text of an option: "Paris" when option B is "Paris" (before loose
        // letters, so "A red ball" is the option, not the article).
        if let choices {
            let n = normalizeText(content)
            if let idx = choices.firstIndex(where: { normalizeText($0) == n }), idx < 26 {
                return String(letters[idx])
            }
        }
        // 4. A standalone capital letter: "Option C is right".
        for (i, c) in chars.enumerated() where allowed.contains(c) {
            let before = i == 0 || !isAlpha(chars[i - 1])
            let after = i == chars.count - 1 || !isAlpha(chars[i + 1])
            if before && after { return String(c) }
        }
        // 5. A standalone lowercase letter other than the words "a" and "i".
        for (i, c) in chars.enumerated() where c.isLowercase && c != "a" && c != "i" {
            guard let up = upper(c), allowed.contains(up) else { continue }
            let before = i == 0 || !isAlpha(chars[i - 1])
            let after = i == chars.count - 1 || !isAlpha(chars[i + 1])
            if before && after { return String(up) }
        }
        return nil
    }

    /// The upper case of one character, when it is one character: "ß" becomes
    /// "SS" and "ŉ" "ʼN", which are no option letters (and would trap `Character`).
    private static func upper(_ c: Character) -> Character? {
        let s = c.uppercased()
        return s.count == 1 ? s.first : nil
    }

    static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "twenty-one": 21,
    ]

    /// Splits into words and numbers, keeping signs, decimal points and thousands commas.
    private static func tokens(_ content: String) -> [String] {
        var out: [String] = []
        var cur = ""
        let chars = Array(content.lowercased())
        for (i, c) in chars.enumerated() {
            let next = i + 1 < chars.count ? chars[i + 1] : " "
            let prev = i > 0 ? chars[i - 1] : " "
            let joins =
                c.isLetter || c.isNumber
                || (c == "-" && (next.isNumber || next.isLetter) && !(prev.isLetter || prev.isNumber) && cur.isEmpty)
                || (c == "-" && prev.isLetter && next.isLetter)
                || ((c == "." || c == "," || c == "/") && prev.isNumber && next.isNumber)
            if joins {
                cur.append(c)
            } else if !cur.isEmpty {
                out.append(cur)
                cur = ""
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    private static func readInteger(_ content: String) -> String? {
        let toks = tokens(content)
        for (i, t) in toks.enumerated() {
            if let v = parseNumberToken(t) {
                if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
                return formatNumber(v)
            }
            if t == "twenty", i + 1 < toks.count, toks[i + 1] == "one" { return "21" }
            if let w = numberWords[t] { return String(w) }
        }
        return nil
    }

    private static func parseNumberToken(_ t: String) -> Double? {
        guard let first = t.first, first.isNumber || (first == "-" && t.count > 1 && t.dropFirst().first!.isNumber) else {
            return nil
        }
        if t.contains("/") {
            let parts = t.split(separator: "/")
            guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b != 0 else { return nil }
            return a / b
        }
        let cleaned = t.replacingOccurrences(of: ",", with: "")
        // A token like "4th" or "3x": take its leading number.
        var numeric = ""
        for (i, c) in cleaned.enumerated() {
            if c.isNumber || c == "." || (c == "-" && i == 0) { numeric.append(c) } else { break }
        }
        if numeric.hasSuffix(".") { numeric.removeLast() }
        return Double(numeric)
    }

    static func readNumber(_ content: String) -> Double? {
        let toks = tokens(content)
        for (i, t) in toks.enumerated() {
            if let v = parseNumberToken(t) { return v }
            if t == "twenty", i + 1 < toks.count, toks[i + 1] == "one" { return 21 }
            if let w = numberWords[t] { return Double(w) }
        }
        return nil
    }

    private static func formatNumber(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }

    private static func readYesNo(_ content: String) -> String? {
        let words = tokens(content)
        guard let first = words.first else { return nil }
        if ["yes", "true", "correct"].contains(first) { return "yes" }
        if ["no", "false", "incorrect"].contains(first) { return "no" }
        let hasYes = words.contains("yes")
        let hasNo = words.contains("no")
        if hasYes != hasNo { return hasYes ? "yes" : "no" }
        return nil
    }

    private static func readRegex(_ content: String, pattern: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = content as NSString
        guard let m = re.firstMatch(in: content, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let r = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
        return ns.substring(with: r).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// SQuAD's normalisation: lower case, no punctuation, no articles, single spaces.
    public static func normalizeText(_ s: String) -> String {
        let lowered = s.lowercased()
        var noPunct = ""
        noPunct.unicodeScalars.reserveCapacity(lowered.unicodeScalars.count)
        for scalar in lowered.unicodeScalars {
            if CharacterSet.punctuationCharacters.contains(scalar) || CharacterSet.symbols.contains(scalar) {
                continue
            }
            noPunct.unicodeScalars.append(scalar)
        }
        let words = noPunct.split(whereSeparator: { $0.isWhitespace }).filter { $0 != "a" && $0 != "an" && $0 != "the" }
        return words.joined(separator: " ")
    }
}
