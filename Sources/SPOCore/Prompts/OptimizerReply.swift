import Foundation

/// Reads and validates what the optimizer model wrote back.
///
/// The paper's code took a reply without its tag as an empty prompt that then
/// scored 0; here such a reply is rejected with a reason and retried.
public enum OptimizerReply {
    public static let analysisTag = "Analysis"
    public static let userPromptTag = "improved_instruction_prompt"
    public static let systemPromptTag = "improved_system_prompt"
    public static let variantTag = "prompt_variant"

    /// The content of the last non-empty `<tag>…</tag>`, trimmed; tag names are
    /// case-insensitive. Nil when there is none.
    public static func tagged(_ reply: String, tag: String) -> String? {
        let scan = TagScanner(reply, tag: tag)
        var found: String?
        for pair in scan.pairs {
            let inner = scan.text(pair).trimmingCharacters(in: .whitespacesAndNewlines)
            if !inner.isEmpty { found = inner }
        }
        return found
    }

    /// An analysis: the tagged text, or the whole reply when the model forgot the
    /// tags (an analysis is free text, so untagged prose is still usable).
    public static func analysis(_ reply: String) -> String? {
        if let t = tagged(reply, tag: analysisTag) { return t }
        // An opened but never closed tag (the model ran out of tokens): drop the tag.
        let stripped = reply.replacingOccurrences(of: "<\\s*/?\\s*analysis\\s*>", with: "", options: [.regularExpression, .caseInsensitive])
        let trimmed = stripped.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A new user prompt, or why the reply cannot be one.
    public static func userPrompt(_ reply: String, parent: String) -> Result<String, Rejection> {
        guard let text = tagged(reply, tag: userPromptTag) else {
            return .failure(.init("reply had no <\(userPromptTag)> tag"))
        }
        guard text.contains(SPOTask.questionSlot) else {
            return .failure(.init("new user prompt lost the {question} slot"))
        }
        if normalized(text) == normalized(parent) { return .failure(.init("new user prompt is identical to its parent")) }
        return .success(text)
    }

    /// A new system prompt, or why the reply cannot be one.
    public static func systemPrompt(_ reply: String, parent: String) -> Result<String, Rejection> {
        guard let text = tagged(reply, tag: systemPromptTag) else {
            return .failure(.init("reply had no <\(systemPromptTag)> tag"))
        }
        if text.contains(SPOTask.questionSlot) {
            return .failure(.init("new system prompt contains the {question} slot, which only user prompts have"))
        }
        if normalized(text) == normalized(parent) { return .failure(.init("new system prompt is identical to its parent")) }
        return .success(text)
    }

    /// A resampled wording of `source`, or why the reply cannot be one: the tag
    /// present, `{question}` exactly once when the source has it and absent when
    /// it has not, and not the source itself.
    public static func variant(_ reply: String, source: String) -> Result<String, Rejection> {
        guard let text = tagged(reply, tag: variantTag) else {
            return .failure(.init("reply had no <\(variantTag)> tag"))
        }
        let slots = text.components(separatedBy: SPOTask.questionSlot).count - 1
        if source.contains(SPOTask.questionSlot) {
            if slots == 0 { return .failure(.init("variant lost the {question} slot")) }
            if slots > 1 { return .failure(.init("variant has the {question} slot \(slots) times")) }
        } else if slots > 0 {
            return .failure(.init("variant added a {question} slot the source prompt does not have"))
        }
        if normalized(text) == normalized(source) { return .failure(.init("variant is identical to the source prompt")) }
        return .success(text)
    }

    /// The rejection reason of a reply that reached its token cap: a missing
    /// closing tag is then the cap's doing, and the log should say so.
    public static func cutReason(_ why: Rejection, tag: String) -> String {
        why.reason.hasPrefix("reply had no <") ? "reply reached its token cap before </\(tag)>" : why.reason
    }

    /// A prompt as compared for sameness: case and every whitespace character
    /// ignored, so a rewrite that only adds or moves a line break
    /// (`…from 1 to 5.<Question>` → `…from 1 to 5.\n<Question>`, seen on a real
    /// run) is a copy, not a new candidate to score on every example.
    public static func normalized(_ s: String) -> String {
        String(String.UnicodeScalarView(s.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// Why a reply was not accepted.
    public struct Rejection: Error, Sendable, Hashable {
        public var reason: String
        /// The guard that rejected the prompt, when one did (`PromptGuards`).
        public var rule: GuardRule?
        public init(_ reason: String, rule: GuardRule? = nil) {
            self.reason = reason
            self.rule = rule
        }
    }
}
