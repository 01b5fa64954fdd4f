public import SPOCore

/// What `metaspo plan` assumes about speed and reply lengths (docs/planning.md).
///
/// The embedded model's figures were measured on a 2-core machine with the
/// Qwen 1.5B model (DESIGN.md): 1.8 s per base call, 16 s per optimizer call,
/// one at a time. A remote endpoint's latencies are assumptions, to be given
/// with `--base-latency` / `--optimizer-latency` when known.
public struct PlanAssumptions: Sendable, Hashable, Codable {
    /// Seconds one base call takes at the endpoint.
    public var baseLatency: Double
    /// Seconds one optimizer call takes.
    public var optimizerLatency: Double
    /// Base calls served at once (max_in_flight × endpoints; 1 for the embedded model).
    public var baseParallel: Int
    /// Optimizer calls served at once.
    public var optimizerParallel: Int
    /// Tokens in a base reply.
    public var baseCompletionTokens: Int
    /// Tokens in an optimizer reply (an analysis or a rewritten prompt).
    public var optimizerCompletionTokens: Int
    /// Characters per token when counting prompt tokens from text.
    public var charsPerToken: Double
    /// Where the latencies come from, for the printout.
    public var latencySource: String

    public init(
        baseLatency: Double, optimizerLatency: Double, baseParallel: Int, optimizerParallel: Int, baseCompletionTokens: Int,
        optimizerCompletionTokens: Int, charsPerToken: Double = 4, latencySource: String
    ) {
        self.baseLatency = baseLatency
        self.optimizerLatency = optimizerLatency
        self.baseParallel = max(1, baseParallel)
        self.optimizerParallel = max(1, optimizerParallel)
        self.baseCompletionTokens = baseCompletionTokens
        self.optimizerCompletionTokens = optimizerCompletionTokens
        self.charsPerToken = charsPerToken
        self.latencySource = latencySource
    }

    /// Measured on this project's 2-core machine with the embedded Qwen 1.5B.
    public static let embeddedBaseLatency = 1.8
    public static let embeddedOptimizerLatency = 16.0
    /// Assumed for a remote OpenAI-compatible endpoint.
    public static let remoteBaseLatency = 1.0
    public static let remoteOptimizerLatency = 8.0

    /// The defaults for a config: measured figures for the embedded model,
    /// assumed ones for an endpoint.
    public static func defaults(for config: RunConfig) -> PlanAssumptions {
        let localBase = config.base.usesLocalModel, localOptimizer = config.optimizer.usesLocalModel
        let source: String
        switch (localBase, localOptimizer) {
        case (true, true): source = "measured: embedded model on a 2-core machine"
        case (false, false): source = "assumed for a remote endpoint (set --base-latency, --optimizer-latency)"
        default: source = "measured for the embedded model, assumed for the endpoint"
        }
        return PlanAssumptions(
            baseLatency: localBase ? embeddedBaseLatency : remoteBaseLatency,
            optimizerLatency: localOptimizer ? embeddedOptimizerLatency : remoteOptimizerLatency,
            baseParallel: localBase ? 1 : config.base.maxInFlight * (1 + config.base.extraEndpoints.count),
            optimizerParallel: localOptimizer ? 1 : config.optimizer.maxInFlight * (1 + config.optimizer.extraEndpoints.count),
            baseCompletionTokens: min(config.base.maxTokens, localBase ? 25 : 60),
            optimizerCompletionTokens: min(config.optimizer.maxTokens, 250),
            latencySource: source)
    }
}
