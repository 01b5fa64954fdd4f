/// One model role's endpoint and sampling settings (`base_model`, `optimizer_model`).
///
/// A nil `baseURL` means the embedded local model. The API key itself is never
/// stored here: only the name of the environment variable or the key file.
public struct ModelSettings: Sendable, Hashable, Codable {
    public var baseURL: String?
    public var model: String?
    public var apiKeyEnv: String
    public var apiKeyFile: String?
    public var maxInFlight: Int
    public var temperature: Double
    public var maxTokens: Int
    /// More base URLs serving the same model (replicas that share the load).
    public var extraEndpoints: [String]
    public var timeoutSeconds: Double
    public var maxRetries: Int
    /// The cap of a failure analysis (optimizer only; `analysis_max_tokens`):
    /// a diagnosis is useful in a few causes, and every token of it costs as
    /// much as a token of the rewrite. Nil: `maxTokens`.
    public var analysisMaxTokens: Int?

    public init(
        baseURL: String? = nil, model: String? = nil, apiKeyEnv: String = "OPENAI_API_KEY",
        apiKeyFile: String? = nil, maxInFlight: Int = 8, temperature: Double = 0, maxTokens: Int = 512,
        extraEndpoints: [String] = [], timeoutSeconds: Double = 120, maxRetries: Int = 6
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.apiKeyFile = apiKeyFile
        self.maxInFlight = maxInFlight
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.extraEndpoints = extraEndpoints
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
    }

    /// The paper's base model settings: greedy decoding.
    public static let defaultBase = ModelSettings(maxInFlight: 8, temperature: 0, maxTokens: 512)
    /// The paper's optimizer settings: temperature 1, room for a rewritten prompt.
    public static let defaultOptimizer = ModelSettings(maxInFlight: 4, temperature: 1, maxTokens: 1024)

    /// True when no endpoint is configured and the embedded model serves this role.
    public var usesLocalModel: Bool { baseURL == nil }
}

/// Prices of one model, in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable, Codable {
    public var inputPerMTok: Double
    public var outputPerMTok: Double

    public init(inputPerMTok: Double, outputPerMTok: Double) {
        self.inputPerMTok = inputPerMTok
        self.outputPerMTok = outputPerMTok
    }

    public func cost(promptTokens: Int, completionTokens: Int) -> Double {
        (Double(promptTokens) * inputPerMTok + Double(completionTokens) * outputPerMTok) / 1_000_000
    }
}

/// Hard limits of a run; nil means unlimited.
public struct Budget: Sendable, Hashable, Codable {
    public var maxCalls: Int?
    public var maxTokens: Int?
    public var maxCostUSD: Double?
    public var maxMinutes: Double?
    /// Ask before starting when the plan costs more than this.
    public var confirmAboveUSD: Double?

    public init(maxCalls: Int? = nil, maxTokens: Int? = nil, maxCostUSD: Double? = nil, maxMinutes: Double? = nil, confirmAboveUSD: Double? = nil) {
        self.maxCalls = maxCalls
        self.maxTokens = maxTokens
        self.maxCostUSD = maxCostUSD
        self.maxMinutes = maxMinutes
        self.confirmAboveUSD = confirmAboveUSD
    }
}
