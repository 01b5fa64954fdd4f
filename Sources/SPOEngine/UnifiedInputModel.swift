import Foundation
public import SPOModelInterface

/// The base model as the paper's "unified input" ablation calls it: a request's
/// system message is moved to the head of its user message, so the model sees
/// one user turn with both prompts and no system turn.
///
/// `EngineSetup` wraps the base model in it when `input_mode` is `unified`;
/// the optimizer is never wrapped (its meta-prompts keep their roles).
public struct UnifiedInputModel: LanguageModel {
    public let inner: any LanguageModel

    public init(_ inner: any LanguageModel) {
        self.inner = inner
    }

    public var identity: String { inner.identity }

    public func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        try await inner.complete(Self.merge(messages), parameters: parameters)
    }

    /// System messages joined (blank line between) in front of the first user
    /// message; an empty system prompt adds nothing.
    public static func merge(_ messages: [ChatMessage]) -> [ChatMessage] {
        let system = messages.filter { $0.role == .system }.map(\.content).filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var rest = messages.filter { $0.role != .system }
        guard !system.isEmpty else { return rest }
        let head = system.joined(separator: "\n\n")
        if let i = rest.firstIndex(where: { $0.role == .user }) {
            rest[i].content = head + "\n\n" + rest[i].content
        } else {
            rest.insert(.user(head), at: 0)
        }
        return rest
    }
}
