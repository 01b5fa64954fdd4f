import Foundation

/// How the text inside `<answer>` tags is read and compared with the gold answers.
public enum AnswerKind: Sendable, Hashable, CustomStringConvertible {
    /// A choice letter: `(B) Paris` reads as `B`.
    case letter
    /// A whole number; number words one…twenty-one count too.
    case integer
    /// `yes` or `no`.
    case yesNo
    /// Free text, compared after SQuAD normalisation against any gold answer.
    case text
    /// A number within an absolute tolerance of the gold.
    case number(tolerance: Double)
    /// The first match of a pattern (its first capture group when it has one),
    /// compared case-insensitively with the gold.
    case regex(String)

    /// Every spelling `parse` accepts, for error messages.
    public static let allowedSpellings = "letter, integer, yes_no, text, number, number(TOLERANCE), regex(PATTERN)"

    /// Parses the task-spec spelling: `letter`, `integer`, `yes_no`, `text`,
    /// `number`, `number(0.01)`, `regex(^[A-Z]+$)`. Returns nil when unknown.
    public init?(spec raw: String) {
        let s = raw.trimmingCharacters(in: .whitespaces)
        switch s.lowercased() {
        case "letter", "choice", "multiple_choice": self = .letter; return
        case "integer", "int": self = .integer; return
        case "yes_no", "yesno", "yes/no", "boolean_yes_no": self = .yesNo; return
        case "text", "string", "free_text": self = .text; return
        case "number", "float": self = .number(tolerance: 1e-6); return
        default: break
        }
        if s.lowercased().hasPrefix("number("), s.hasSuffix(")") {
            let inner = s.dropFirst("number(".count).dropLast()
            guard let t = Double(inner.trimmingCharacters(in: .whitespaces)), t >= 0, t.isFinite else { return nil }
            self = .number(tolerance: t)
            return
        }
        if s.lowercased().hasPrefix("regex("), s.hasSuffix(")") {
            let pattern = String(s.dropFirst("regex(".count).dropLast())
            guard !pattern.isEmpty, (try? NSRegularExpression(pattern: pattern)) != nil else { return nil }
            self = .regex(pattern)
            return
        }
        return nil
    }

    /// The spelling `init(spec:)` reads back.
    public var description: String {
        switch self {
        case .letter: "letter"
        case .integer: "integer"
        case .yesNo: "yes_no"
        case .text: "text"
        case .number(let t): "number(\(Self.format(t)))"
        case .regex(let p): "regex(\(p))"
        }
    }

    /// A sentence for the generic user prompt of a bare data file.
    public var instruction: String {
        switch self {
        case .letter: "Answer the multiple-choice question with the letter of the correct option."
        case .integer: "Answer the question with a whole number."
        case .yesNo: "Answer the question with yes or no."
        case .text: "Answer the question with a short phrase."
        case .number: "Answer the question with a number."
        case .regex: "Answer the question."
        }
    }

    private static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
