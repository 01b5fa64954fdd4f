/// What searches the prompts (`method`): MetaSPO, its variants, and the
/// baselines it is compared with (docs/engine.md). The raw value is the
/// config's, the CLI's and `run_started`'s word.
public enum SearchMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// MetaSPO: inner loop on user prompts per task, outer loop on the shared system prompt.
    case metaspo
    /// Only the outer loop, each iteration run twice (the paper's ablation).
    case outerOnly = "outer-only"
    /// MetaSPO with APE-style resampling as the inner step.
    case metaspoAPE = "metaspo-ape"
    /// APE: user prompts only, resampled (baseline).
    case ape
    /// ProTeGi: user prompts only, textual gradients and beam search (baseline).
    case protegi
    /// SPRIG: system prompts only, a genetic search over components (baseline).
    case sprig
    /// MetaSPO with evolutionary inner and outer steps.
    case metaspoEvo = "metaspo-evo"

    /// Whether it writes system prompts (APE and ProTeGi tune user prompts only).
    public var searchesSystemPrompts: Bool { self != .ape && self != .protegi }

    /// Whether it writes user prompts (outer-only and SPRIG keep the tasks' own).
    public var searchesUserPrompts: Bool { self != .outerOnly && self != .sprig }

    /// Whether it runs MetaSPO's own selection (metaspo, outer-only): it
    /// selects on a validation split when `val_size` is set, may keep a Pareto
    /// front (`selection: pareto`) and ends early when every task saturates.
    /// The variants with other steps (and the baselines) do none of these.
    public var validates: Bool { self == .metaspo || self == .outerOnly }

    /// Whether it runs each iteration as two rounds (outer-only, SPRIG), as
    /// the paper does to give them as many system-prompt steps as MetaSPO.
    public var doublesIterations: Bool { self == .outerOnly || self == .sprig }

    /// The rounds (outer loops, generations) it runs for `iterations`.
    public func rounds(_ iterations: Int) -> Int { doublesIterations ? iterations * 2 : iterations }

    /// MetaSPO's two loops as this method fills them; nil for the methods
    /// that are not MetaSPO's. An inner step of nil: no inner loop (outer-only).
    public var loops: (inner: InnerStep?, outer: OuterStep)? {
        switch self {
        case .metaspo: (.rewrite, .rewrite)
        case .outerOnly: (nil, .rewrite)
        case .metaspoAPE: (.resample, .rewrite)
        case .metaspoEvo: (.evolve, .evolve)
        case .ape, .protegi, .sprig: nil
        }
    }

    /// The method names, for help texts and errors.
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// How MetaSPO's inner loop writes new user prompts for a task.
public enum InnerStep: Sendable, Hashable {
    /// A failure analysis, then a rewrite from it (the paper).
    case rewrite
    /// An APE-style resample of the best kept prompt, no analysis (metaspo-ape).
    case resample
    /// A crossover of two kept prompts, or a mutation of one (metaspo-evo).
    case evolve

    /// Optimizer calls per new prompt when none is rejected.
    public var callsPerCandidate: Int { self == .rewrite ? 2 : 1 }
}

/// How MetaSPO's outer loop writes new system prompts.
public enum OuterStep: Sendable, Hashable {
    /// A failure analysis pooled over the tasks, then a rewrite (the paper).
    case rewrite
    /// A crossover with a donor system prompt, or a mutation (metaspo-evo).
    case evolve

    /// Optimizer calls per new prompt when none is rejected.
    public var callsPerCandidate: Int { self == .rewrite ? 2 : 1 }
}

/// How candidates are scored (`strategy`).
public enum SearchStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every candidate on every example, as the paper.
    case exhaustive
    /// Shared growing subsamples; clearly worse candidates dropped early (the default).
    case racing

    public static var names: [String] { allCases.map(\.rawValue) }
}

/// How the outer loop keeps system prompts (`selection`).
public enum SelectionRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The paper: the incumbent or the candidate with the best mean.
    case mean
    /// A front of prompts each best on some task; parents drawn from it.
    case pareto

    public static var names: [String] { allCases.map(\.rawValue) }
}
