import Foundation
import SPOCore

/// Which method a run uses, and what each one may change.
///
/// Every method runs on the same engine: the same `init` (score the initial
/// prompts) and `test` phases, the same events, checkpoints and commands. What
/// differs is the search in between; docs/engine.md lists each method's phases
/// and its number of calls.
extension Engine {
    /// The runtime's frame around the method's procedure: the initial prompts
    /// scored (`init`), the procedure's search, the final prompts tested.
    func runMethod() async throws -> RunSummary {
        let procedure = try config.method.procedure(setup: setup)
        try await initialize()
        try await procedure.search(self)
        return try await finish()
    }

    /// MetaSPO's inner step, as the method fills it (`SearchMethod.loops`).
    func innerStep(_ step: InnerStep) async throws {
        switch step {
        case .rewrite: try await innerLoop()
        case .resample: try await resampleInnerLoop()
        case .evolve: try await evolveInnerLoop()
        }
    }

    /// MetaSPO's outer step, as the method fills it.
    func outerStep(_ step: OuterStep) async throws {
        switch step {
        case .rewrite: try await outerLoop()
        case .evolve: try await evolveOuterLoop()
        }
    }

    /// Whether the method searches over system prompts (hand-added ones compete).
    var searchesSystemPrompts: Bool { config.method.searchesSystemPrompts }

    /// Whether the method searches over user prompts (hand-added ones compete).
    var searchesUserPrompts: Bool { config.method.searchesUserPrompts }
}
