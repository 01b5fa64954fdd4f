import ArgumentParser
import Foundation
import SPOCore

/// The search knobs of `run`, each a config key too (flags win over the config).
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Method: \(SearchMethod.names.joined(separator: ", ")).", valueName: "name"))
    var method: String?

    @Option(help: ArgumentHelp("Outer iterations (config: iteration).", valueName: "n"))
    var iterations: Int?

    @Option(name: .customLong("system-candidates"), help: ArgumentHelp("System prompts written per outer loop (config: num_system_candidate).", valueName: "n"))
    var systemCandidates: Int?

    @Option(name: .customLong("user-candidates"), help: ArgumentHelp("User prompts written per task per inner loop (config: num_user_candidate).", valueName: "n"))
    var userCandidates: Int?

    @Option(name: .customLong("top-k"), help: ArgumentHelp("User prompts kept per task (config: user_top_k).", valueName: "n"))
    var topK: Int?

    @Option(name: .customLong("sessions-dir"), help: ArgumentHelp("Where the session is written (default: $XDG_DATA_HOME/metaspo/sessions).", valueName: "dir"))
    var sessionsDir: String?

    @Option(help: ArgumentHelp("Evaluation strategy: \(SearchStrategy.names.joined(separator: ", ")) (default \(RunConfig().strategy.rawValue): drop clearly worse candidates early; config: strategy).", valueName: "name"))
    var strategy: String?

    @Option(name: .customLong("input-mode"), help: ArgumentHelp("How the base model gets the prompts: \(RunConfig.inputModes.joined(separator: " or ")) (system prompt in the user message; config: input_mode).", valueName: "mode"))
    var inputMode: String?

    @Option(name: .customLong("system-prompt"), help: ArgumentHelp("The initial system prompt, or @FILE (default: \"\(RunConfig.defaultSystemPrompt)\").", valueName: "text|@file"))
    var systemPrompt: String?

    @Option(
        help: ArgumentHelp(
            "Reject rewritten prompts that break a guard (over the word budget, repeated sentences, copied train data, a lost answer format, task names or talk about prompts in a system prompt) before scoring them (config: guards; default true).",
            valueName: "true|false"))
    var guards: Bool?

    @Option(
        help: ArgumentHelp(
            "When a candidate replaces the incumbent: significant (its paired gain on the same examples has a one-sided lower bound above 0), better (a higher score) or tie (the paper's order, ties to the newer; the default) (config: accept).",
            valueName: "rule"))
    var accept: String?

    @Option(name: .customLong("accept-level"), help: ArgumentHelp("Confidence of --accept significant, 0.8 to 0.995 (config: accept_level; default 0.90).", valueName: "p"))
    var acceptLevel: Double?

    @Option(
        help: ArgumentHelp(
            "How the outer loop keeps system prompts: mean (the paper: the best mean) or pareto (a front of prompts each best on some task; parents drawn from it, the final prompt its best mean) (config: selection).",
            valueName: "rule"))
    var selection: String?

    @Option(help: ArgumentHelp("With --selection pareto: one system slot per outer round merges two front members that do best on different tasks (config: merge).", valueName: "true|false"))
    var merge: Bool?

    @Option(name: .customLong("front-size"), help: ArgumentHelp("The most system prompts a pareto front keeps (config: front_size; default: --system-candidates).", valueName: "n"))
    var frontSize: Int?

    @Option(
        name: .customLong("val-size"),
        help: ArgumentHelp(
            "Validation examples per source task, drawn from its train pool apart from the train ones: candidates are compared and kept on them, the optimizer sees train failures only (config: val_size; 0: the paper's selection on train).",
            valueName: "n"))
    var valSize: Int?

    @Option(name: .customLong("unseen-task"), help: ArgumentHelp("An unseen task by name (repeatable; config: meta_test_tasks).", valueName: "name"))
    var unseenTask: [String] = []

    @Option(name: .customLong("unseen-task-file"), help: ArgumentHelp("An unseen task spec or data file (repeatable).", valueName: "path"))
    var unseenTaskFile: [String] = []

    func validate() throws {
        if let method, SearchMethod(rawValue: method) == nil {
            throw ValidationError("--method \(method) is not one of: \(SearchMethod.names.joined(separator: ", "))")
        }
        if let strategy, SearchStrategy(rawValue: strategy) == nil {
            throw ValidationError("--strategy \(strategy) is not one of: \(SearchStrategy.names.joined(separator: ", "))")
        }
        if let accept, !RunConfig.acceptRules.contains(accept) {
            throw ValidationError("--accept \(accept) is not one of: \(RunConfig.acceptRules.joined(separator: ", "))")
        }
        if let valSize, valSize < 0 { throw ValidationError("--val-size must be at least 0") }
        if let selection, SelectionRule(rawValue: selection) == nil {
            throw ValidationError("--selection \(selection) is not one of: \(SelectionRule.names.joined(separator: ", "))")
        }
        if let frontSize, frontSize < 1 { throw ValidationError("--front-size must be at least 1") }
        if let acceptLevel, !(0.8...0.995).contains(acceptLevel) { throw ValidationError("--accept-level must be between 0.8 and 0.995") }
        if let inputMode, !RunConfig.inputModes.contains(inputMode) {
            throw ValidationError("--input-mode \(inputMode) is not one of: \(RunConfig.inputModes.joined(separator: ", "))")
        }
        for (name, v) in [("--iterations", iterations), ("--system-candidates", systemCandidates), ("--user-candidates", userCandidates), ("--top-k", topK)] {
            if let v, v < (name == "--iterations" ? 0 : 1) { throw ValidationError("\(name) must be at least \(name == "--iterations" ? 0 : 1)") }
        }
    }

    func apply(to cfg: inout RunConfig) throws {
        if let method, let m = SearchMethod(rawValue: method) { cfg.method = m }
        if let iterations { cfg.iterations = iterations }
        if let systemCandidates { cfg.systemCandidates = systemCandidates }
        if let userCandidates { cfg.userCandidates = userCandidates }
        if let topK { cfg.userTopK = topK }
        if let sessionsDir { cfg.sessionsDir = TextFile.resolve(sessionsDir, relativeTo: nil) }
        if let strategy, let s = SearchStrategy(rawValue: strategy) { cfg.strategy = s }
        if let inputMode { cfg.inputMode = inputMode }
        if let guards { cfg.guards = guards }
        if let accept { cfg.accept = accept }
        if let valSize { cfg.valSize = valSize }
        if let selection, let s = SelectionRule(rawValue: selection) { cfg.selection = s }
        if let frontSize { cfg.frontSize = frontSize }
        if let merge { cfg.merge = merge }
        if cfg.merge == true && !cfg.keepsFront {
            throw SPOError(file: nil, field: "merge", "merging needs a front to merge from: add --selection pareto (config: selection: pareto)")
        }
        if cfg.keepsFront, !cfg.method.validates {
            throw SPOError(file: nil, field: "selection", "pareto keeps a front in MetaSPO's outer loop: method metaspo or outer-only (method \(cfg.method.rawValue) has its own selection)")
        }
        if let acceptLevel { cfg.acceptLevel = acceptLevel }
        if let systemPrompt { cfg.initialSystemPrompt = try PromptArgument.read(systemPrompt) }
        if !unseenTask.isEmpty || !unseenTaskFile.isEmpty {
            cfg.metaTestTasks = unseenTask + unseenTaskFile.map { TextFile.absolute($0) }
        }
    }
}

/// A prompt given as text, or as @FILE.
enum PromptArgument {
    static func read(_ value: String) throws -> String {
        guard value.hasPrefix("@") else { return value }
        let text = try TextFile.read(TextFile.resolve(String(value.dropFirst()), relativeTo: nil))
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw SPOError(file: String(value.dropFirst()), "the prompt file is empty") }
        return trimmed
    }
}
