/// What was read out of one model response.
public enum Prediction: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A normalised answer, ready to compare with the gold.
    case answer(String)
    /// No `<answer>` tag, only empty tags, or content that cannot be read as the
    /// task's answer kind. Always wrong; its own class for macro-F1.
    case formatError

    /// The label used in reports and in macro-F1 (format errors form one class).
    public var label: String {
        switch self {
        case .answer(let s): s
        case .formatError: Self.formatErrorLabel
        }
    }

    public static let formatErrorLabel = "N/A: format error"

    public var description: String { label }

    public var isFormatError: Bool { self == .formatError }
}
