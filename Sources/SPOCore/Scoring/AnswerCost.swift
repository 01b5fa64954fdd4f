/// What base-model replies cost: generated tokens and seconds, one reply or
/// the sum of many, and how many were cut at their token cap.
///
/// The dashboard and the summary show a candidate's mean per answer, so a
/// system prompt that makes every answer forty times longer is seen as such.
public struct AnswerCost: Sendable, Hashable, Codable {
    public var replies: Int
    public var tokens: Int
    public var seconds: Double
    public var cut: Int

    public init(replies: Int = 1, tokens: Int, seconds: Double, cut: Int = 0) {
        self.replies = replies
        self.tokens = tokens
        self.seconds = seconds
        self.cut = cut
    }

    public static let zero = AnswerCost(replies: 0, tokens: 0, seconds: 0)

    /// Mean generated tokens per reply.
    public var meanTokens: Double { replies == 0 ? 0 : Double(tokens) / Double(replies) }
    /// Mean seconds per reply.
    public var meanSeconds: Double { replies == 0 ? 0 : seconds / Double(replies) }

    public static func + (a: AnswerCost, b: AnswerCost) -> AnswerCost {
        AnswerCost(replies: a.replies + b.replies, tokens: a.tokens + b.tokens, seconds: a.seconds + b.seconds, cut: a.cut + b.cut)
    }

    /// The sum over replies; nil when none has a cost.
    public static func total(_ costs: [AnswerCost?]) -> AnswerCost? {
        let known = costs.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(.zero, +)
    }
}
