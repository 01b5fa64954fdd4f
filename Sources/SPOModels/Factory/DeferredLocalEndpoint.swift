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
    private let server: FirstUse<any LocalEndpoint>
    private let lock = NSLock()
    private var running: (any LocalEndpoint)?

    /// - Parameters:
    ///   - modelName: the `model` name the server answers to.
    ///   - modelIdentity: what the server's `modelIdentity` will be.
    public init(modelName: String, modelIdentity: String, start: @escaping @Sendable () async throws -> any LocalEndpoint) {
        self.modelName = modelName
        self.modelIdentity = modelIdentity
        server = FirstUse(start)
    }

    /// The server's address once started; empty before.
    public var baseURL: String { lock.withLock { running?.baseURL ?? "" } }

    /// The running server, started by the first caller.
    public func endpoint() async throws -> any LocalEndpoint {
        let endpoint = try await server.value()
        lock.withLock { running = endpoint }
        return endpoint
    }

    public func stop() async {
        await server.made()?.stop()
    }
}

/// A client made when its first request comes (after the deferred server it
/// talks to has started).
final class DeferredModel: LanguageModel, Sendable {
    let identity: String
    private let client: FirstUse<any LanguageModel>

    init(identity: String, make: @escaping @Sendable () async throws -> any LanguageModel) {
        self.identity = identity
        client = FirstUse(make)
    }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        try await client.value().complete(messages, parameters: parameters)
    }
}

/// A value made by the first caller that asks for it; callers meanwhile wait
/// for the same one. A failure is not kept: the next caller tries again.
final class FirstUse<Value: Sendable>: @unchecked Sendable {
    private let make: @Sendable () async throws -> Value
    private let lock = NSLock()
    private var task: Task<Value, any Error>?

    init(_ make: @escaping @Sendable () async throws -> Value) { self.make = make }

    func value() async throws -> Value {
        let made: Task<Value, any Error> = lock.withLock {
            if let existing = task { return existing }
            let t = Task { [make] in try await make() }
            task = t
            return t
        }
        do {
            return try await made.value
        } catch {
            lock.withLock { if task == made { task = nil } }
            throw error
        }
    }

    /// The value, if a caller asked for it and it was made (waiting for one on its way).
    func made() async -> Value? {
        guard let task = lock.withLock({ task }) else { return nil }
        return try? await task.value
    }
}
