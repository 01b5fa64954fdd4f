import Foundation
public import SPOCore

/// Builds the `LanguageModel` stack of a run from its settings:
/// `MeteredModel(CachedModel(OpenAIClient))`, per role.
public enum ModelFactory {
    public struct Options: Sendable {
        /// Where the response cache lives; nil turns the cache off (`--no-cache`).
        public var cachePath: String?
        /// Retry notices and cache trouble, phrased for a person; the engine turns
        /// them into `warning` events, the CLI prints them to stderr.
        public var onWarning: @Sendable (String) async -> Void
        /// Progress of starting the local model (install, load).
        public var progress: @Sendable (String) -> Void
        /// Starts the embedded server when a role has no endpoint; nil makes such
        /// a configuration an error.
        public var startLocal: LocalEndpointStarter?
        /// Backoff tuning; `maxRetries` comes from each role's settings.
        public var retryBaseDelay: Double
        public var environment: [String: String]
        /// Start the local server on the first request the cache cannot answer,
        /// not when the stack is made: the model name and identity it will have
        /// (`LocalModelChoice.servedName`, `.sha256`). Nil starts it at once.
        public var deferLocal: (modelName: String, identity: String)?
        /// One retry warning per endpoint and attempt, shared by both roles' clients.
        public var retryWarnings = RetryWarningGate()

        public init(
            cachePath: String?, onWarning: @escaping @Sendable (String) async -> Void = { _ in },
            progress: @escaping @Sendable (String) -> Void = { _ in }, startLocal: LocalEndpointStarter? = nil,
            retryBaseDelay: Double = 1, environment: [String: String]? = nil, deferLocal: (modelName: String, identity: String)? = nil
        ) {
            self.cachePath = cachePath
            self.onWarning = onWarning
            self.progress = progress
            self.startLocal = startLocal
            self.deferLocal = deferLocal
            self.retryBaseDelay = retryBaseDelay
            self.environment = environment ?? ProcessInfo.processInfo.environment
        }
    }

    /// The roles of `config`. The local server is started once, only when a
    /// requested role needs it, and shared by both.
    /// - Parameter roles: the roles to build; a role left out is served by the
    ///   base model's stack (`eval` needs only the base model, and must not start
    ///   the local server for an optimizer it never calls).
    public static func makeStack(config: RunConfig, options: Options, roles: Set<ModelRole> = [.base, .optimizer]) async throws -> ModelStack {
        var config = config
        if !roles.contains(.optimizer) { config.optimizer = config.base }
        if !roles.contains(.base) { config.base = config.optimizer }
        let meter = UsageMeter(prices: config.prices)
        let cache = try options.cachePath.map { try ResponseCache(path: $0) }
        var local: (any LocalEndpoint)?
        if config.base.usesLocalModel || config.optimizer.usesLocalModel {
            guard let start = options.startLocal else {
                throw ModelError(.configuration, "no endpoint is configured and the embedded local model is not available here; give --base-url")
            }
            if let deferred = options.deferLocal {
                let progress = options.progress
                local = DeferredLocalEndpoint(modelName: deferred.modelName, modelIdentity: deferred.identity) { try await start(progress) }
            } else {
                local = try await start(options.progress)
            }
        }
        do {
            let base = try makeModel(settings: config.base, role: .base, meter: meter, cache: cache, local: local, options: options)
            let optimizer =
                roles.contains(.optimizer)
                ? try makeModel(settings: config.optimizer, role: .optimizer, meter: meter, cache: cache, local: local, options: options) : base
            return ModelStack(base: base, optimizer: optimizer, meter: meter, cache: cache, local: local)
        } catch {
            await local?.stop()
            throw error
        }
    }

    /// One role's model.
    public static func makeModel(
        settings: ModelSettings, role: ModelRole, meter: UsageMeter, cache: ResponseCache?, local: (any LocalEndpoint)?, options: Options
    ) throws -> any LanguageModel {
        let label = role == .base ? "base_model" : "optimizer_model"
        let configuration: OpenAIClient.Configuration
        let retry = RetryPolicy(maxRetries: settings.maxRetries, baseDelay: options.retryBaseDelay)
        let onWarning = options.onWarning
        let gate = options.retryWarnings
        let onNotice: @Sendable (RetryNotice) async -> Void = { notice in
            await meter.recordRetry(role: role)
            if await gate.admits(notice, role: role.rawValue) { await onWarning("\(role.rawValue) model: \(notice.message)") }
        }
        var deferredClient: DeferredModel?
        if settings.usesLocalModel {
            guard let local else { throw ModelError(.configuration, "\(label) needs the local model, which is not running") }
            let localConfiguration = { @Sendable (endpoint: any LocalEndpoint) in
                OpenAIClient.Configuration(
                    endpoints: [endpoint.baseURL], model: settings.model ?? endpoint.modelName, identity: "local:\(endpoint.modelIdentity)",
                    // The server works on `parallelSlots` requests and queues the rest;
                    // one queued request keeps it busy, more only wait out their timeouts.
                    // A CPU-bound local server slows down when the machine is busy; a
                    // retry after a timeout only asks it the same question again.
                    maxInFlight: min(settings.maxInFlight, endpoint.parallelSlots + 1), timeoutSeconds: max(settings.timeoutSeconds, 900),
                    retry: retry)
            }
            configuration = localConfiguration(local)
            if let deferred = local as? DeferredLocalEndpoint {
                // Identity and model name are known now; the client is made once the server runs.
                deferredClient = DeferredModel(identity: "local:\(deferred.modelIdentity)") {
                    let endpoint: any LocalEndpoint
                    do {
                        endpoint = try await deferred.endpoint()
                    } catch {
                        throw error as? ModelError ?? ModelError(.configuration, String(describing: error))
                    }
                    return try OpenAIClient(localConfiguration(endpoint), onRetry: onNotice)
                }
            }
        } else {
            guard let model = settings.model, !model.isEmpty else {
                let flag = role == .base ? "--model" : "--optimizer-model"
                throw ModelError(.configuration, "\(label).model is not set: name the model \(settings.baseURL ?? "the endpoint") serves (\(flag))")
            }
            let key = try APIKey.resolve(env: settings.apiKeyEnv, file: settings.apiKeyFile, environment: options.environment)
            let hint = settings.apiKeyFile == nil ? "environment variable \(settings.apiKeyEnv) is not set" : nil
            configuration = OpenAIClient.Configuration(
                endpoints: [settings.baseURL!] + settings.extraEndpoints, model: model, apiKey: key, missingKeyHint: hint,
                maxInFlight: settings.maxInFlight, timeoutSeconds: settings.timeoutSeconds, retry: retry)
        }
        let client: any LanguageModel = try deferredClient ?? OpenAIClient(configuration, onRetry: onNotice)
        let cached: any LanguageModel = cache.map { CachedModel(client, cache: $0, onCacheError: onWarning) } ?? client
        return MeteredModel(cached, meter: meter, role: role, priceName: configuration.model)
    }
}
