public import SPOCore

/// The models of a run, ready to use: each role's model (metered, cached when
/// the cache is on), the shared usage meter and cache, and the local server if
/// one was started. Call `shutdown()` when done so the local server stops.
public final class ModelStack: Sendable {
    public let base: any LanguageModel
    public let optimizer: any LanguageModel
    public let meter: UsageMeter
    public let cache: ResponseCache?
    public let local: (any LocalEndpoint)?

    public init(base: any LanguageModel, optimizer: any LanguageModel, meter: UsageMeter, cache: ResponseCache?, local: (any LocalEndpoint)?) {
        self.base = base
        self.optimizer = optimizer
        self.meter = meter
        self.cache = cache
        self.local = local
    }

    public func model(for role: ModelRole) -> any LanguageModel {
        role == .base ? base : optimizer
    }

    public func shutdown() async {
        await local?.stop()
    }
}
