import ArgumentParser
import SPOCore

/// Hard budgets and the confirmation threshold (config `budget:`); flags win
/// over the config, and `resume` may raise them.
struct BudgetOptions: ParsableArguments {
    @Option(name: .customLong("max-calls"), help: ArgumentHelp("Stop after this many model calls that reach an endpoint (both roles; cache hits are free).", valueName: "n"))
    var maxCalls: Int?

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("Stop after this many prompt + completion tokens.", valueName: "n"))
    var maxTokens: Int?

    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Stop once the run has cost this many US dollars (prices from the config).", valueName: "usd"))
    var maxCost: Double?

    @Option(name: .customLong("max-minutes"), help: ArgumentHelp("Stop after this many minutes of run time (resumes included).", valueName: "min"))
    var maxMinutes: Double?

    @Option(name: .customLong("confirm-above"), help: ArgumentHelp("Ask before a run projected to cost more than this (config: confirm_above_usd).", valueName: "usd"))
    var confirmAbove: Double?

    func validate() throws {
        if let v = maxCalls, v < 1 { throw ValidationError("--max-calls must be at least 1") }
        if let v = maxTokens, v < 1 { throw ValidationError("--max-tokens must be at least 1") }
        for (name, v) in [("--max-cost", maxCost), ("--max-minutes", maxMinutes), ("--confirm-above", confirmAbove)] {
            if let v, v < 0 { throw ValidationError("\(name) must not be negative") }
        }
    }

    var isEmpty: Bool { maxCalls == nil && maxTokens == nil && maxCost == nil && maxMinutes == nil && confirmAbove == nil }

    func apply(to cfg: inout RunConfig) {
        if let maxCalls { cfg.budget.maxCalls = maxCalls }
        if let maxTokens { cfg.budget.maxTokens = maxTokens }
        if let maxCost { cfg.budget.maxCostUSD = maxCost }
        if let maxMinutes { cfg.budget.maxMinutes = maxMinutes }
        if let confirmAbove { cfg.budget.confirmAboveUSD = confirmAbove }
    }
}
