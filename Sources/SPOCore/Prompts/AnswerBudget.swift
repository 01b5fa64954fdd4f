import Foundation

/// The room a base-model answer gets, and where it may stop.
///
/// On a CPU-served model a run's time is its generated tokens, and most of
/// them are spent after the answer is already known: explanations after
/// `</answer>`, or pages of reasoning a verbose system prompt talked the model
/// into on a task whose user prompt asks for a bare answer. So:
/// - with `stopAtAnswer`, generation ends at the first `</answer>` (greedy
///   decoding writes the same text up to that point, so the answer read from
///   it is the one the full reply would have given unless the model would have
///   written a second, different answer tag);
/// - a prompt pair that asks for the answer alone ("reply with only…", "no
///   explanation", "like this: <answer>…") and nowhere for reasoning gets
///   `directTokens` instead of `fullTokens` (`base_model.max_tokens`). A
///   prompt that says neither keeps the full cap: models explain by default,
///   and a cut reply would turn a right answer into a format error. A reply
///   cut at its cap is counted (`cut` in `evaluation_finished`), and one cut
///   before its answer tag is a format error like any other, so a candidate
///   that makes answers long where the task asked for the answer alone pays
///   for it in its score as well as its cost.
///
/// ```swift
/// let budget = AnswerBudget(fullTokens: 512, directTokens: 64, stopAtAnswer: true)
/// let user = "Rate it.<Question>{question}</Question>Reply with only <answer>N</answer>."
/// budget.maxTokens(system: "You are a helpful assistant.", user: user)  // 64
/// budget.maxTokens(system: "Think step by step.", user: user)           // 512
/// budget.maxTokens(system: "", user: "Rate it.<Question>{question}</Question>")  // 512: no word on length
/// ```
public struct AnswerBudget: Sendable, Hashable {
    /// The cap for prompts that ask for reasoning (`base_model.max_tokens`).
    public var fullTokens: Int
    /// The cap for prompts that ask for none; nil leaves every request at `fullTokens`.
    public var directTokens: Int?
    /// Whether requests stop at the first closing answer tag.
    public var stopAtAnswer: Bool

    public init(fullTokens: Int, directTokens: Int? = nil, stopAtAnswer: Bool = false) {
        self.fullTokens = fullTokens
        self.directTokens = directTokens
        self.stopAtAnswer = stopAtAnswer
    }

    /// The closing tag generation stops at (the API leaves it out of the reply).
    public static let answerStop = "</answer>"

    /// Stop sequences for every base request.
    public var stop: [String] { stopAtAnswer ? [Self.answerStop] : [] }

    /// The completion cap for one (system, user) prompt pair.
    public func maxTokens(system: String, user: String) -> Int {
        guard let direct = directTokens, direct < fullTokens else { return fullTokens }
        let bare = Self.asksForBareAnswer(user) || Self.asksForBareAnswer(system)
        return bare && !Self.asksForReasoning(system) && !Self.asksForReasoning(user) ? direct : fullTokens
    }

    /// Phrases by which a prompt asks for the answer and nothing else.
    static let bareAnswerCues = [
        "only the", "with only", "answer only", "just the", "nothing else", "no explanation", "without explanation",
        "without explaining", "do not explain", "don't explain", "single word", "one word", "like this: <answer>",
    ]

    /// Whether `text` asks for the answer alone.
    public static func asksForBareAnswer(_ text: String) -> Bool {
        let lower = text.lowercased()
        return bareAnswerCues.contains { lower.contains($0) }
    }

    /// Words and phrases by which a prompt asks the model to reason before it
    /// answers. Erring towards "yes" only costs time; a "no" for a prompt that
    /// does want reasoning would cut its answers short.
    static let reasoningCues = [
        "think", "thought", "step by step", "step-by-step", "steps", "reason", "explain", "explanation", "show your work",
        "work through", "work out", "walk through", "justify", "analy", "break down", "break it down", "trace",
        "calculate", "compute", "derive", "verify", "check your", "double-check", "deliberat", "consider each",
        "before answering", "before you answer", "first,", "rationale", "at the end",
    ]

    /// Whether `text` asks for reasoning before the answer.
    public static func asksForReasoning(_ text: String) -> Bool {
        let lower = text.lowercased()
        return reasoningCues.contains { lower.contains($0) }
    }

    /// A reply that ended at the stop sequence lacks its closing tag (servers
    /// leave the stop text out); put it back so the reply reads as written.
    /// Replies with no open answer tag at their end are returned unchanged.
    public static func restoringStop(_ text: String) -> String {
        let lower = text.lowercased()
        guard let open = lower.range(of: "<answer>", options: .backwards) else { return text }
        if lower[open.upperBound...].contains("</answer>") { return text }
        return text + answerStop
    }
}
