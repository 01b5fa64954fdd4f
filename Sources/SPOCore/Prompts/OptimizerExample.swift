/// A wrongly answered example as shown to the optimizer: the prompts the model
/// saw, what it said, what was read from it, and the gold answer (as the paper does).
public struct OptimizerExample: Sendable, Hashable, Codable {
    public var index: Int
    public var systemPrompt: String
    /// The user prompt with the question filled in.
    public var userMessage: String
    public var response: String
    public var prediction: String
    public var gold: String

    public init(index: Int, systemPrompt: String, userMessage: String, response: String, prediction: String, gold: String) {
        self.index = index
        self.systemPrompt = systemPrompt
        self.userMessage = userMessage
        self.response = response
        self.prediction = prediction
        self.gold = gold
    }

    /// What a compact block leaves out because the meta-prompt shows it once.
    public enum Shared: Sendable, Hashable {
        /// Nothing: the paper's block, both prompts repeated in every example.
        case none
        /// The system prompt (the outer loop shows it once; user prompts differ by task).
        case systemPrompt
        /// Both prompts (the inner loop shows them once); the block gives the question.
        case bothPrompts(question: String)
    }

    /// Replies longer than this many words are shortened in the middle in a compact block.
    public static let compactResponseWords = 120

    /// The block inserted into a meta-prompt's `{{examples}}`, as the paper writes it.
    public var rendered: String { rendered(sharing: .none) }

    /// The block inserted into a meta-prompt's `{{examples}}`. A compact block
    /// (anything but `.none`) leaves out what the meta-prompt already shows and
    /// shortens a long reply to its start and end: on a CPU-served optimizer
    /// every prompt token costs time, and the paper's block repeats a long
    /// system prompt once per example.
    public func rendered(sharing: Shared) -> String {
        var lines = ["<Example>"]
        switch sharing {
        case .none:
            lines += ["System prompt:", systemPrompt, "", "User prompt:", userMessage, ""]
        case .systemPrompt:
            lines += ["User prompt:", userMessage, ""]
        case .bothPrompts(let question):
            lines += ["Question:", question, ""]
        }
        let reply = sharing == .none ? response : Self.shortened(response, words: Self.compactResponseWords)
        lines += ["Response:", reply, "", "Prediction:", prediction, "", "Correct answer:", gold, "</Example>"]
        return lines.joined(separator: "\n")
    }

    public static func render(_ examples: [OptimizerExample], sharing: Shared = .none) -> String {
        examples.map { $0.rendered(sharing: sharing) }.joined(separator: "\n")
    }

    /// `text` cut to about `words` words: its first and last halves with a marker
    /// between them (the start shows the approach, the end the answer).
    public static func shortened(_ text: String, words: Int) -> String {
        let all = text.split(whereSeparator: { $0.isWhitespace })
        guard all.count > words, words >= 2 else { return text }
        let head = all.prefix(words / 2).joined(separator: " ")
        let tail = all.suffix(words - words / 2).joined(separator: " ")
        return "\(head) […\(all.count - words) words left out…] \(tail)"
    }
}
