import Foundation

/// The embedded local server, started by the first request that reaches it.
///
/// Commands that mostly re-score what a run already asked (`unseen`, `adapt`,
/// `analyze`) often find every answer in the response cache; with this they
/// never load a model they do not call. The cache key needs only the model's
/// identity (its GGUF's sha256, known before it is installed), so the cache is
/// consulted first and a miss starts the server, once, for both roles.
public final class DeferredLocalEndpoint: LocalEndpoint, @unchecked Sendable {
    public let modelName: String
    public let modelIdentity: String
    private let start: @Sendable () async throws -> any LocalEndpoint
    private let lock = NSLock()
    private var starting: Task<any LocalEndpoint, any Error>?
    private var running: (any LocalEndpoint)?

    /// - Parameters:
    ///   - modelName: the `model` name the server answers to.
    ///   - modelIdentity: what the server's `modelIdentity` will be.
    public init(modelName: String, modelIdentity: String, start: @escaping @Sendable () async throws -> any LocalEndpoint) {
        self.modelName = modelName
        self.modelIdentity = modelIdentity
        self.start = start
    }

    /// The server's address once started; empty before.
    public var baseURL: String { lock.withLock { running?.baseURL ?? "" } }

    /// Whether a request has started the server.
    public var hasStarted: Bool { lock.withLock { starting != nil } }

    /// The running server, started by the first caller; the others wait for
    /// it. A start that failed is tried again by the next caller.
    public func endpoint() async throws -> any LocalEndpoint {
        let task: Task<any LocalEndpoint, any Error> = lock.withLock {
            if let starting { return starting }
            let t = Task { [start] in try await start() }
            starting = t
            return t
        }
        do {
            let endpoint = try await task.value
            lock.withLock { running = endpoint }
            return endpoint
        } catch {
            lock.withLock { if starting == task { starting = nil } }
            throw error
        }
    }

    public func stop() async {
        guard let task = lock.withLock({ starting }) else { return }
        if let endpoint = try? await task.value { await endpoint.stop() }
    }
}

/// A client made when its first request comes (after the deferred server it
/// talks to has started).
final class DeferredModel: LanguageModel, @unchecked Sendable {
    let identity: String
    private let make: @Sendable () async throws -> any LanguageModel
    private let lock = NSLock()
    private var made: Task<any LanguageModel, any Error>?

    init(identity: String, make: @escaping @Sendable () async throws -> any LanguageModel) {
        self.identity = identity
        self.make = make
    }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let task: Task<any LanguageModel, any Error> = lock.withLock {
            if let made { return made }
            let t = Task { [make] in try await make() }
            made = t
            return t
        }
        let model: any LanguageModel
        do {
            model = try await task.value
        } catch {
            lock.withLock { if made == task { made = nil } }
            throw error
        }
        return try await model.complete(messages, parameters: parameters)
    }
}
