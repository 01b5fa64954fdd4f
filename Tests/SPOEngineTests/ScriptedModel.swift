import Foundation
import SPOCore
import SPOModels
@testable import SPOEngine

/// A deterministic stand-in for both model roles.
///
/// Base calls: the question "What is item N?" has the gold answer "ans-N"; the
/// model answers it correctly when a coin drawn from the question alone falls
/// below a probability set by the prompts (each "careful" in the system prompt
/// +0.25, up to two; each "step" in the user prompt +0.1, up to three; each
/// "sloppy" in the system prompt -0.15). Since the coin depends only on the
/// question, a better prompt answers a superset of what a worse one answers.
/// Optimizer calls: the reply comes from `writer`, keyed by which meta-prompt asked.
final class ScriptedModel: LanguageModel, @unchecked Sendable {
    enum Role: String { case base, userAnalysis, userWriter, systemAnalysis, systemWriter, apeResample, protegiGradient, protegiEdit, evoCrossover }

    let prompts: MetaPromptSet
    let writer: @Sendable (Role, _ parent: String, _ sampleIndex: Int) -> String
    private let lock = NSLock()
    private var counts: [Role: Int] = [:]
    private var asked: [String] = []
    private var requests: [String] = []

    /// Seconds each base call takes (0: instant).
    let baseDelay: Double

    init(prompts: MetaPromptSet, baseDelay: Double = 0, writer: @escaping @Sendable (Role, String, Int) -> String) {
        self.prompts = prompts
        self.baseDelay = baseDelay
        self.writer = writer
    }

    var identity: String { "scripted" }

    func count(_ role: Role) -> Int { lock.withLock { counts[role, default: 0] } }
    var optimizerCalls: Int { lock.withLock { counts.filter { $0.key != .base }.values.reduce(0, +) } }
    /// User messages of base calls, in the order asked.
    var baseQuestions: [String] { lock.withLock { asked } }
    /// System and user message of base calls, in the order asked.
    var baseRequests: [String] { lock.withLock { requests } }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let system = messages.first?.content ?? ""
        let user = messages.last?.content ?? ""
        let role: Role =
            switch system {
            case prompts.userAnalysis.system: .userAnalysis
            case prompts.userWriter.system: .userWriter
            case prompts.systemAnalysis.system: .systemAnalysis
            case prompts.systemWriter.system: .systemWriter
            case prompts.apeResample.system: .apeResample
            case prompts.protegiGradient.system: .protegiGradient
            case prompts.protegiEdit.system: .protegiEdit
            case prompts.evoCrossover.system: .evoCrossover
            default: .base
            }
        lock.withLock {
            counts[role, default: 0] += 1
            if role == .base {
                asked.append(user)
                requests.append(system + "\n---\n" + user)
            }
        }
        let usage = CompletionUsage(promptTokens: 10, completionTokens: 5, latencySeconds: 0)
        if role == .base {
            if baseDelay > 0 { try await Task.sleep(for: .seconds(baseDelay)) }
            return Completion(text: answer(system: system, user: user), usage: usage)
        }
        let title =
            switch role {
            case .userAnalysis: "[User prompt]"
            case .userWriter: "[Current user prompt]"
            case .apeResample, .protegiEdit: "[Instruction]"
            case .protegiGradient: "[Instruction under review]"
            case .evoCrossover: "[Parent 1]"
            default: "[Current system prompt]"
            }
        let parent = Self.section(user, after: title)
        return Completion(text: writer(role, parent, parameters.sampleIndex), usage: usage)
    }

    /// The text of a `[... title ...]` section of a meta-prompt.
    static func section(_ text: String, after title: String) -> String {
        guard let start = text.range(of: title) else { return "" }
        let rest = text[start.upperBound...].drop { $0 != "\n" }.dropFirst()
        let end = rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    static func occurrences(_ word: String, _ text: String) -> Int {
        text.lowercased().components(separatedBy: word).count - 1
    }

    static func probability(system: String, user: String) -> Double {
        0.2 + 0.25 * Double(min(2, occurrences("careful", system))) + 0.1 * Double(min(3, occurrences("step", user)))
            - 0.15 * Double(occurrences("sloppy", system))
    }

    static func coin(_ question: String) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in question.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Double(h % 10_000) / 10_000
    }

    func answer(system: String, user: String) -> String {
        guard let r = user.range(of: "What is item "), let n = Int(user[r.upperBound...].prefix { $0.isNumber }) else {
            return "I do not know."
        }
        let question = "What is item \(n)?"
        let right = Self.coin(question) < Self.probability(system: system, user: user)
        return right ? "Thinking… <answer>ans-\(n)</answer>" : "<answer>ans-\(n + 1)</answer>"
    }

    /// A source task of `train` + `test` examples.
    static func task(_ name: String, train: Int = 20, test: Int = 10, offset: Int = 0) -> SPOTask {
        func ex(_ i: Int) -> Example { Example(question: "What is item \(i + offset)?", answers: ["ans-\(i + offset)"]) }
        return SPOTask(
            name: name, domain: "test", userPrompt: "Answer.<Question>{question}</Question> Put it in <answer></answer>.",
            answerKind: .text, metric: .exactMatch, trainPool: (0..<train).map(ex), testPool: (train..<(train + test)).map(ex),
            source: .builtin)
    }
}

extension MemorySink {
    var events: [EngineEvent] { records.map(\.event) }
}
