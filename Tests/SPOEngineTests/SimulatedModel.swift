import Foundation
import SPOCore
import SPOModels
import SPOTestSupport

/// The simulated endpoint's behaviour as an in-process `LanguageModel`: the same
/// replies `SimulatedEndpoint` serves over HTTP, without the server, so method
/// tests run whole searches in a fraction of a second. Counts calls by kind.
final class SimulatedModel: LanguageModel, @unchecked Sendable {
    let behaviour: SimulatedBehaviour
    private let lock = NSLock()
    private var counts: [SimulatedBehaviour.RequestKind: Int] = [:]

    init(tasks: [SPOTask], settings: SimulatedBehaviour.Settings = .init(), prompts: MetaPromptSet) {
        behaviour = SimulatedBehaviour(answers: AnswerKey(tasks: tasks), settings: settings, prompts: prompts)
    }

    var identity: String { "simulated" }

    func count(_ kind: SimulatedBehaviour.RequestKind) -> Int { lock.withLock { counts[kind, default: 0] } }
    var baseCalls: Int { count(.base) }
    var optimizerCalls: Int { lock.withLock { counts.filter { $0.key.isOptimizer }.values.reduce(0, +) } }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        // As the endpoint reads a request: the first system message, the last user message.
        let system = messages.first { $0.role == .system }?.content ?? ""
        let user = messages.last { $0.role == .user }?.content ?? ""
        let seed = parameters.seed.map { Int64(bitPattern: $0 & 0x7fff_ffff_ffff_ffff) }
        let reply = behaviour.reply(system: system, user: user, seed: seed)
        lock.withLock { counts[reply.kind, default: 0] += 1 }
        return Completion(text: reply.text, usage: CompletionUsage(promptTokens: user.count / 4, completionTokens: reply.text.count / 4, latencySeconds: 0))
    }
}
