import ArgumentParser
import SPOCore
import SPOModels

/// Endpoint, model and key flags for both roles, and `--no-cache`. Flags win over
/// the config file; a role with no endpoint uses the embedded local model.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: ArgumentHelp("Base model endpoint (OpenAI-compatible), e.g. http://127.0.0.1:8000/v1.", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("Base model name as the endpoint knows it.", valueName: "name"))
    var model: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("Environment variable holding the base model's API key (default OPENAI_API_KEY).", valueName: "var"))
    var apiKeyEnv: String?

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp("File holding the API key of both roles; must be owner-only (chmod 600).", valueName: "path"))
    var apiKeyFile: String?

    @Option(name: .customLong("optimizer-base-url"), help: ArgumentHelp("Optimizer endpoint; default: the base model's endpoint when --base-url is given.", valueName: "url"))
    var optimizerBaseURL: String?

    @Option(name: .customLong("optimizer-model"), help: ArgumentHelp("Optimizer model name.", valueName: "name"))
    var optimizerModel: String?

    @Option(name: .customLong("optimizer-api-key-env"), help: ArgumentHelp("Environment variable holding the optimizer's API key.", valueName: "var"))
    var optimizerAPIKeyEnv: String?

    @Option(name: .customLong("local-model"), help: ArgumentHelp("Embedded model when no endpoint is set: qwen-1.5b (default), qwen-0.5b or smollm2.", valueName: "name"))
    var localModel: LocalModelChoice?

    @Option(
        help: ArgumentHelp(
            "Speculative decoding for the embedded model: none (default), qwen-0.5b or ngram; pays with cores or a GPU to spare, not on 2 CPU cores (config: local_model.draft).",
            valueName: "kind"))
    var draft: LocalDraft?

    @Option(
        help: ArgumentHelp(
            "The embedded server's binary: auto (default: native when `metaspo setup --runtime native` built it), wheel or native (config: local_model.runtime).",
            valueName: "kind"))
    var runtime: LocalServerRuntime?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the response cache.")
    var noCache = false

    /// The local model to start when a role has no endpoint.
    var localChoice: LocalModelChoice { localModel ?? .default }

    /// Applies the flags to a loaded config.
    func apply(to cfg: inout RunConfig) {
        let optimizerHadEndpoint = cfg.optimizer.baseURL != nil
        if let draft { cfg.localDraft = draft.rawValue }
        if let runtime { cfg.localRuntime = runtime.rawValue }
        if let baseURL { cfg.base.baseURL = baseURL }
        if let model { cfg.base.model = model }
        if let apiKeyEnv { cfg.base.apiKeyEnv = apiKeyEnv }
        if let apiKeyFile {
            cfg.base.apiKeyFile = apiKeyFile
            cfg.optimizer.apiKeyFile = apiKeyFile
        }
        if let optimizerBaseURL {
            cfg.optimizer.baseURL = optimizerBaseURL
        } else if let baseURL, !optimizerHadEndpoint {
            // One endpoint flag serves both roles: the optimizer keeps its own
            // sampling settings but talks to the same server with the same key.
            cfg.optimizer.baseURL = baseURL
            cfg.optimizer.model = cfg.optimizer.model ?? cfg.base.model
            cfg.optimizer.apiKeyEnv = cfg.base.apiKeyEnv
            cfg.optimizer.extraEndpoints = cfg.base.extraEndpoints
        }
        if let optimizerModel { cfg.optimizer.model = optimizerModel }
        if let optimizerAPIKeyEnv { cfg.optimizer.apiKeyEnv = optimizerAPIKeyEnv }
        if noCache { cfg.noCache = true }
    }

    /// Where the response cache is, or nil when it is off.
    static func cachePath(_ cfg: RunConfig) -> String? {
        cfg.noCache ? nil : ResponseCache.defaultPath(cacheDir: cfg.cacheDir)
    }
}
