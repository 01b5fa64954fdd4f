import Foundation

/// Reads a run config from YAML. Accepts DESIGN.md's keys and MetaSPO's own
/// (`base_model_setting`, `search_setting`, `task_setting`, …) as they are.
/// Unknown keys become warnings naming them; invalid values are errors naming
/// the key and what is allowed.
public enum ConfigLoader {
    static let topKeys: Set<String> = [
        "meta_train_tasks", "meta_test_tasks", "train_size", "val_size", "test_size", "eval_size", "iteration", "iterations",
        "num_system_candidate", "num_user_candidate", "user_top_k", "user_error_samples", "system_error_samples",
        "seed", "method", "strategy", "base_model", "optimizer_model", "prices", "budget", "system_prompt",
        "init_system_prompt_path", "input_mode", "prefix_order", "stop_at_answer", "direct_answer_tokens", "compact_examples", "tie_break", "max_prompt_words", "local_model", "guards", "accept", "accept_level", "selection", "front_size", "merge", "sessions_dir", "log_dir", "cache_dir", "no_cache", "prompts", "tasks", "theme",
        // MetaSPO's nested groups.
        "base_model_setting", "optim_model_setting", "search_setting", "task_setting",
        "dataset_dir", "data_dir",
    ]
    static let modelKeys: Set<String> = [
        "base_url", "model", "api_key_env", "api_key_file", "max_in_flight", "temperature", "max_tokens",
        "extra_endpoints", "timeout_seconds", "max_retries", "analysis_max_tokens",
        // MetaSPO's model settings.
        "model_type", "model_name", "api_key",
    ]

    /// Loads a config file. Relative paths in it resolve against its folder.
    public static func load(path: String, warnings: inout [String]) throws(SPOError) -> RunConfig {
        let text = try TextFile.read(path)
        let tree = try YAMLTree.parse(text, file: path)
        var config = RunConfig()
        config.baseDirectory = TextFile.absolute((path as NSString).deletingLastPathComponent)
        try apply(tree, file: path, to: &config, warnings: &warnings)
        return config
    }

    /// Applies a parsed YAML document over `config`.
    public static func apply(_ tree: YAMLTree, file: String, to config: inout RunConfig, warnings: inout [String]) throws(SPOError) {
        let r = try YAMLReader(tree, file: file)
        warnUnknown(r, known: topKeys, warnings: &warnings)

        if let v = try r.strings("meta_train_tasks") { config.metaTrainTasks = v }
        if let v = try r.strings("meta_test_tasks") { config.metaTestTasks = v }
        try readTaskSettings(r, into: &config)
        if let v = try r.int("iterations", min: 0) { config.iterations = v }
        if let v = try r.int("iteration", min: 0) { config.iterations = v }
        if let v = try r.int("num_system_candidate", min: 1) { config.systemCandidates = v }
        if let v = try r.int("num_user_candidate", min: 1) { config.userCandidates = v }
        if let v = try r.int("user_top_k", min: 1) { config.userTopK = v }
        if let v = try r.int("user_error_samples", min: 1) { config.userErrorSamples = v }
        if let v = try r.int("system_error_samples", min: 1) { config.systemErrorSamples = v }
        if let v = try r.choice("method", allowed: SearchMethod.names) { config.method = SearchMethod(rawValue: v)! }
        if let v = try r.choice("strategy", allowed: SearchStrategy.names) { config.strategy = SearchStrategy(rawValue: v)! }
        if let v = try r.choice("input_mode", allowed: RunConfig.inputModes) { config.inputMode = v }
        if let v = try r.string("system_prompt") { config.initialSystemPrompt = v }
        if let path = try r.string("init_system_prompt_path") {
            config.initialSystemPrompt = try readSystemPromptFile(TextFile.resolve(path, relativeTo: config.baseDirectory), r: r)
        }
        if let v = try r.string("log_dir") { config.sessionsDir = TextFile.resolve(v, relativeTo: config.baseDirectory) }
        if let v = try r.string("sessions_dir") { config.sessionsDir = TextFile.resolve(v, relativeTo: config.baseDirectory) }
        if let v = try r.string("cache_dir") { config.cacheDir = TextFile.resolve(v, relativeTo: config.baseDirectory) }
        if let v = try r.bool("no_cache") { config.noCache = v }
        if let v = try r.bool("prefix_order") { config.prefixOrder = v }
        if let v = try r.bool("stop_at_answer") { config.stopAtAnswer = v }
        if let v = try r.int("direct_answer_tokens", min: 0) { config.directAnswerTokens = v }
        if let v = try r.bool("compact_examples") { config.compactExamples = v }
        if let v = try r.choice("tie_break", allowed: RunConfig.tieBreaks) { config.tieBreak = v }
        if let v = try r.bool("guards") { config.guards = v }
        if let v = try r.choice("accept", allowed: RunConfig.acceptRules) { config.accept = v }
        if let v = try r.double("accept_level", min: 0.8, max: 0.995) { config.acceptLevel = v }
        if let v = try r.choice("selection", allowed: SelectionRule.names) { config.selection = SelectionRule(rawValue: v)! }
        if let v = try r.int("front_size", min: 1) { config.frontSize = v }
        if let v = try r.bool("merge") { config.merge = v }
        if let m = try r.mapping("local_model") {
            warnUnknown(m, known: ["draft", "runtime"], warnings: &warnings)
            if let v = try m.choice("draft", allowed: RunConfig.localDrafts) { config.localDraft = v }
            if let v = try m.choice("runtime", allowed: RunConfig.localRuntimes) { config.localRuntime = v }
        }
        if let m = try r.mapping("max_prompt_words") {
            warnUnknown(m, known: ["system", "user"], warnings: &warnings)
            if let v = try m.int("system", min: 10) { config.maxSystemWords = v }
            if let v = try m.int("user", min: 10) { config.maxUserWords = v }
        }
        if let v = try r.string("theme") { config.theme = v }

        if let m = try r.mapping("base_model") { try readModel(m, into: &config.base, warnings: &warnings) }
        if let m = try r.mapping("optimizer_model") { try readModel(m, into: &config.optimizer, warnings: &warnings) }
        if let m = try r.mapping("base_model_setting") { try readModel(m, into: &config.base, warnings: &warnings) }
        if let m = try r.mapping("optim_model_setting") { try readModel(m, into: &config.optimizer, warnings: &warnings) }
        if let s = try r.mapping("search_setting") {
            warnUnknown(s, known: ["method", "iteration", "num_candidates", "top_k"], warnings: &warnings)
            if let v = try s.choice("method", allowed: SearchMethod.names) { config.method = SearchMethod(rawValue: v)! }
            if let v = try s.int("iteration", min: 0) { config.iterations = v }
            if let v = try s.int("num_candidates", min: 1) { config.userCandidates = v }
            if let v = try s.int("top_k", min: 1) { config.userTopK = v }
        }
        if let t = try r.mapping("task_setting") {
            warnUnknown(t, known: ["train_size", "val_size", "eval_size", "test_size", "seed", "data_dir", "prompt_file_path", "initial_user_prompt"], warnings: &warnings)
            try readTaskSettings(t, into: &config)
        }
        if let p = try r.mapping("prices") {
            for (model, _) in p.pairs {
                guard let m = try p.mapping(model) else { continue }
                warnUnknown(m, known: ["input_per_mtok", "output_per_mtok"], warnings: &warnings)
                guard let input = try m.double("input_per_mtok", min: 0), let output = try m.double("output_per_mtok", min: 0) else {
                    throw SPOError(file: file, line: m.line, field: m.path, "needs input_per_mtok and output_per_mtok (US dollars per million tokens)")
                }
                config.prices[model] = ModelPrice(inputPerMTok: input, outputPerMTok: output)
            }
        }
        if let b = try r.mapping("budget") {
            warnUnknown(b, known: ["max_calls", "max_tokens", "max_cost_usd", "max_minutes", "confirm_above_usd"], warnings: &warnings)
            if let v = try b.int("max_calls", min: 1) { config.budget.maxCalls = v }
            if let v = try b.int("max_tokens", min: 1) { config.budget.maxTokens = v }
            if let v = try b.double("max_cost_usd", min: 0) { config.budget.maxCostUSD = v }
            if let v = try b.double("max_minutes", min: 0) { config.budget.maxMinutes = v }
            if let v = try b.double("confirm_above_usd", min: 0) { config.budget.confirmAboveUSD = v }
        }
        if let p = try r.mapping("prompts") {
            warnUnknown(p, known: Set(MetaPromptSet.names), warnings: &warnings)
            for name in MetaPromptSet.names {
                if let path = try p.string(name) { config.promptTemplates[name] = TextFile.resolve(path, relativeTo: config.baseDirectory) }
            }
        }
        if let tasks = try r.mapping("tasks") {
            for (name, value) in tasks.pairs {
                var spec = try TaskLoader.parseSpec(value, file: file, path: tasks.field(name), warnings: &warnings)
                if spec.name == nil { spec.name = name }
                spec.data = TextFile.resolve(spec.data, relativeTo: config.baseDirectory)
                config.taskSpecs[name] = spec
            }
        }
        // The paper's placeholder key is not a key: ignore it rather than send it.
        let inlineKeys = [try r.mapping("base_model_setting")?.string("api_key"), try r.mapping("optim_model_setting")?.string("api_key")]
        if inlineKeys.contains(where: { $0 != nil && $0 != "Your_API_Key" && !$0!.isEmpty }) {
            warnings.append(SPOError(file: file, field: "api_key", "API keys in config files are ignored; put the key in an environment variable (api_key_env) or an owner-only file (api_key_file)").message)
        }
    }

    private static func readTaskSettings(_ r: YAMLReader, into config: inout RunConfig) throws(SPOError) {
        if let v = try r.int("train_size", min: 1) { config.trainSize = v }
        if let v = try r.int("val_size", min: 0) { config.valSize = v }
        if let v = try r.int("test_size", min: 1) { config.testSize = v }
        if let v = try r.int("seed", min: 0) { config.seed = UInt64(v) }
    }

    private static func readSystemPromptFile(_ path: String, r: YAMLReader) throws(SPOError) -> String {
        let text = try TextFile.read(path)
        // MetaSPO stores prompts as a JSON string or as {"system_prompt": "..."}.
        if (path as NSString).pathExtension.lowercased() == "json" {
            let node = try DataFileLoader.parseJSON(text, file: path)
            if let s = node.string { return s }
            if let s = node["system_prompt"]?.string ?? node["prompt"]?.string { return s }
            throw SPOError(file: path, line: node.line, "expected a JSON string or an object with \"system_prompt\"")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func readModel(_ m: YAMLReader, into settings: inout ModelSettings, warnings: inout [String]) throws(SPOError) {
        warnUnknown(m, known: modelKeys, warnings: &warnings)
        if let v = try m.string("base_url") {
            guard v.hasPrefix("http://") || v.hasPrefix("https://") else {
                throw m.error("base_url", "must start with http:// or https://, found \"\(v)\"")
            }
            settings.baseURL = v
        }
        if let v = try m.string("model_name"), !v.isEmpty { settings.model = v }
        if let v = try m.string("model"), !v.isEmpty { settings.model = v }
        if let v = try m.string("api_key_env") { settings.apiKeyEnv = v }
        if let v = try m.string("api_key_file") { settings.apiKeyFile = TextFile.resolve(v, relativeTo: nil) }
        if let v = try m.int("max_in_flight", min: 1) { settings.maxInFlight = v }
        if let v = try m.double("temperature", min: 0, max: 2) { settings.temperature = v }
        if let v = try m.int("max_tokens", min: 1) { settings.maxTokens = v }
        if let v = try m.int("analysis_max_tokens", min: 1) { settings.analysisMaxTokens = v }
        if let v = try m.strings("extra_endpoints") { settings.extraEndpoints = v }
        if let v = try m.double("timeout_seconds", min: 1) { settings.timeoutSeconds = v }
        if let v = try m.int("max_retries", min: 0) { settings.maxRetries = v }
        if let t = try m.string("model_type"), !["openai", "vllm", ""].contains(t) {
            throw m.error("model_type", "\"\(t)\" is not allowed (allowed: openai, vllm; both speak the OpenAI API)")
        }
    }

    private static func warnUnknown(_ r: YAMLReader, known: Set<String>, warnings: inout [String]) {
        for (key, line) in r.unknownKeys(known: known) {
            let hint = Suggestion.closest(to: key, in: known).map { " (did you mean `\($0)`?)" } ?? ""
            warnings.append(SPOError(file: r.file, line: line, field: r.field(key), "unknown key, ignored\(hint)").message)
        }
    }
}
