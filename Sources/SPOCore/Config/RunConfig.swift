/// Everything a run is configured with. Defaults are the paper's settings.
///
/// Read from YAML by `ConfigLoader` (which accepts MetaSPO's own keys) and then
/// overridden by CLI flags. Relative paths in it are resolved against `baseDirectory`.
public struct RunConfig: Sendable, Hashable, Codable {
    /// Source tasks (trained on): built-in names, names of `tasks:` entries, or task-spec/data file paths.
    public var metaTrainTasks: [String] = []
    /// Unseen tasks (only tested).
    public var metaTestTasks: [String] = []
    public var trainSize: Int = 50
    /// Validation examples per source task (`val_size`), drawn from the train
    /// pool after and apart from the train ones: candidates are compared and
    /// kept on them while the optimizer sees train failures only. Nil or 0:
    /// the paper's selection on train.
    public var valSize: Int?
    public var testSize: Int = 500
    public var iterations: Int = 3
    public var systemCandidates: Int = 9
    public var userCandidates: Int = 3
    public var userTopK: Int = 3
    /// Wrong examples shown per inner-loop analysis (paper: 3).
    public var userErrorSamples: Int = 3
    /// Wrong examples per task pooled for the outer-loop analysis (paper: 2).
    public var systemErrorSamples: Int = 2
    public var seed: UInt64 = 42
    public var method: SearchMethod = .metaspo
    /// `racing` (the default: shared growing subsamples, clearly worse candidates
    /// dropped early) or `exhaustive` (every candidate on every example, as the paper).
    public var strategy: SearchStrategy = .racing
    /// Issue a node's requests one after another so consecutive requests to a
    /// server slot share their (system, user) prefix, which llama.cpp and vLLM
    /// keep cached (nil: on). It changes only the order requests are sent in.
    public var prefixOrder: Bool?
    /// How the base model gets the two prompts: `separated` (the system prompt
    /// in the system message, as the paper runs) or `unified` (both in the user
    /// message, the paper's ablation); nil means separated.
    public var inputMode: String?
    /// Stop every base request at its first `</answer>` (`stop_at_answer`).
    /// Nil (sessions written before the key existed) means off; new runs get
    /// `RunConfig.productDefaults`' value.
    public var stopAtAnswer: Bool?
    /// The completion cap for prompt pairs that ask for no reasoning
    /// (`direct_answer_tokens`; 0 or nil: `base_model.max_tokens` for all). See `AnswerBudget`.
    public var directAnswerTokens: Int?
    /// Show the optimizer wrong examples compactly (`compact_examples`): the
    /// prompts it already sees once instead of once per example, long replies
    /// shortened in the middle. Nil or false: the paper's full blocks.
    public var compactExamples: Bool?
    /// How an exact tie between two candidates' scores and format errors is
    /// broken (`tie_break`): `newer` (nil: the newer candidate wins) or
    /// `cheaper` (fewer answer tokens wins, then the newer).
    public var tieBreak: String?
    /// Length budgets the writer meta-prompts ask for (`max_prompt_words:
    /// {system: N, user: N}`); nil: 150 and 200.
    public var maxSystemWords: Int?
    public var maxUserWords: Int?
    /// Speculative decoding for the embedded model (`local_model.draft`):
    /// `none` (nil), `qwen-0.5b` or `ngram`. Changes speed, not the search.
    public var localDraft: String?
    public static let localDrafts = ["none", "qwen-0.5b", "ngram"]
    /// When a candidate takes an incumbent's place (`accept`): `significant`
    /// (the paired difference on the same selection examples has a one-sided
    /// lower bound above zero at `accept_level`), `better` (a strictly higher
    /// score) or `tie` (nil; the paper's order with ties to the newer).
    public var accept: String?
    public static let acceptRules = ["significant", "better", "tie"]
    /// How the outer loop keeps system prompts (`selection`): `mean` (nil; the
    /// paper: the incumbent or the candidate with the best mean) or `pareto`
    /// (a front of prompts best on some task, parents drawn from it).
    public var selection: SelectionRule?
    /// The most system prompts a `pareto` front keeps (`front_size`; nil: `num_system_candidate`).
    public var frontSize: Int?
    /// Whether one system slot per outer round merges two front members that
    /// win on different tasks (`merge`; `selection: pareto` only; nil: no).
    public var merge: Bool?
    /// Whether the outer loop keeps a Pareto front (`selection: pareto`).
    public var keepsFront: Bool { selection == .pareto }
    /// The confidence of `significant` (0.80–0.995; nil: 0.90).
    public var acceptLevel: Double?
    /// Check rewritten prompts against `GuardRule`s before scoring them
    /// (`guards`); nil (sessions from before) means off, new runs get true.
    public var guards: Bool?
    /// The embedded server's binary (`local_model.runtime`): `auto` (nil), `wheel` or `native`.
    public var localRuntime: String?
    public static let localRuntimes = ["auto", "wheel", "native"]

    /// The word budget of a rewritten prompt of `kind`, as the writer meta-prompts state it.
    public func maxWords(_ kind: CandidateKind) -> Int {
        kind == .system ? maxSystemWords ?? 150 : maxUserWords ?? 200
    }
    public var base: ModelSettings = .defaultBase
    public var optimizer: ModelSettings = .defaultOptimizer
    public var prices: [String: ModelPrice] = [:]
    public var budget: Budget = Budget()
    public var initialSystemPrompt: String = RunConfig.defaultSystemPrompt
    public var sessionsDir: String?
    public var cacheDir: String?
    public var noCache: Bool = false
    /// Meta-prompt template overrides by name (`user_analysis`, `user_writer`, `system_analysis`, `system_writer`) → file path.
    public var promptTemplates: [String: String] = [:]
    /// Task specs defined inline in the config, by name.
    public var taskSpecs: [String: TaskSpec] = [:]
    /// The config file's folder; relative paths are resolved against it.
    public var baseDirectory: String?
    public var theme: String?

    public init() {}

    public static let defaultSystemPrompt = "You are a helpful assistant."

    public static let inputModes = ["separated", "unified"]
    public static let tieBreaks = ["newer", "cheaper"]

    /// The answer cap and stop sequence of base requests.
    public var answerBudget: AnswerBudget {
        AnswerBudget(fullTokens: base.maxTokens, directTokens: directAnswerTokens.flatMap { $0 > 0 ? $0 : nil }, stopAtAnswer: stopAtAnswer ?? false)
    }

    /// Fills the keys a session records explicitly with the values a new run
    /// uses. `resume` never calls this: a session written before these keys
    /// existed goes on with the behaviour it started with (nil means off).
    /// Measured in docs/benchmarks.md ("Tokens a run spends").
    public mutating func applyProductDefaults() {
        // Measured off: the embedded model ends its reply right after the tag,
        // so stopping there saved no tokens (docs/benchmarks.md).
        if stopAtAnswer == nil { stopAtAnswer = false }
        if directAnswerTokens == nil { directAnswerTokens = 64 }
        if compactExamples == nil { compactExamples = true }
        if optimizer.analysisMaxTokens == nil { optimizer.analysisMaxTokens = 256 }
        if guards == nil { guards = true }
        if maxSystemWords == nil { maxSystemWords = 150 }
        if maxUserWords == nil { maxUserWords = 200 }
    }

    /// The validation examples per source task (0 without a validation split).
    public var validationSize: Int { max(0, valSize ?? 0) }

    /// The validation examples each source task draws: `val_size` under a
    /// method that selects on validation, else 0 (the run selects on train).
    public var validationSplitSize: Int { method.validates ? validationSize : 0 }

    /// Whether base-model requests carry the system prompt inside the user message.
    public var unifiedInput: Bool { inputMode == "unified" }

    /// The method as tables name a run: `metaspo`, or `metaspo (unified input)`
    /// for the input ablation, so the two rows of a comparison differ.
    public var methodLabel: String { unifiedInput ? "\(method.rawValue) (unified input)" : method.rawValue }
}
