/// Serves repeated requests from a `ResponseCache`; on a miss asks the inner
/// model and stores its reply. Replies served from the cache are marked
/// `usage.cached`, which `MeteredModel` counts as a cache hit. Failures of the
/// inner model are passed on and never stored.
public struct CachedModel: LanguageModel {
    public let inner: any LanguageModel
    public let cache: ResponseCache
    /// Told when the cache itself fails (disk full, locked too long): the call
    /// still goes on without the cache.
    private let onCacheError: (@Sendable (String) async -> Void)?

    public init(_ inner: any LanguageModel, cache: ResponseCache, onCacheError: (@Sendable (String) async -> Void)? = nil) {
        self.inner = inner
        self.cache = cache
        self.onCacheError = onCacheError
    }

    public var identity: String { inner.identity }

    public func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let key = CacheKey.make(identity: inner.identity, messages: messages, parameters: parameters)
        let started = ContinuousClock.now
        do {
            if let entry = try await cache.lookup(key) {
                let elapsed = OpenAIClient.seconds(ContinuousClock.now - started)
                return Completion(
                    text: entry.text,
                    usage: CompletionUsage(
                        promptTokens: entry.promptTokens, completionTokens: entry.completionTokens, latencySeconds: elapsed, cached: true))
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await onCacheError?("response cache lookup failed (\(error)); asking the model")
        }
        let completion = try await inner.complete(messages, parameters: parameters)
        do {
            try await cache.store(key, model: inner.identity, completion: completion)
        } catch {
            await onCacheError?("response cache could not store a reply (\(error))")
        }
        return completion
    }
}
