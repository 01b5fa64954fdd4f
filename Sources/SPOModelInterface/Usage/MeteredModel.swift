public import SPOCore

/// Reports every call of the wrapped model to a `UsageMeter` under one role:
/// answered calls with their tokens and cost, cache hits (replies marked
/// `cached`), and failures. Cancellation is not a failure.
public struct MeteredModel: LanguageModel {
    public let inner: any LanguageModel
    public let meter: UsageMeter
    public let role: ModelRole
    /// The name prices are looked up by.
    public let priceName: String

    public init(_ inner: any LanguageModel, meter: UsageMeter, role: ModelRole, priceName: String) {
        self.inner = inner
        self.meter = meter
        self.role = role
        self.priceName = priceName
    }

    public var identity: String { inner.identity }

    public func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        do {
            let completion = try await inner.complete(messages, parameters: parameters)
            if completion.usage.cached {
                await meter.recordCacheHit(role: role)
            } else {
                await meter.recordCall(role: role, model: priceName, usage: completion.usage)
            }
            return completion
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await meter.recordError(role: role)
            throw error
        }
    }
}
