import Foundation
import SPOCore

/// Which method a run uses, and what each one may change.
///
/// Every method runs on the same engine: the same `init` (score the initial
/// prompts) and `test` phases, the same events, checkpoints and commands. What
/// differs is the search in between; docs/engine.md lists each method's phases
/// and its number of calls.
extension Engine {
    func runMethod() async throws -> RunSummary {
        switch config.method {
        case .metaspo, .outerOnly, .metaspoAPE, .metaspoEvo: try await runMetaSPO()
        case .ape: try await runAPE()
        case .protegi: try await runProTeGi()
        case .sprig: try await runSPRIG()
        }
    }

    /// MetaSPO's inner step, as the method fills it (`SearchMethod.loops`).
    func innerStep() async throws {
        switch config.method.loops?.inner {
        case .rewrite?: try await innerLoop()
        case .resample?: try await resampleInnerLoop()
        case .evolve?: try await evolveInnerLoop()
        case nil: break
        }
    }

    /// MetaSPO's outer step, as the method fills it.
    func outerStep() async throws {
        switch config.method.loops?.outer {
        case .rewrite?: try await outerLoop()
        case .evolve?: try await evolveOuterLoop()
        case nil: break
        }
    }

    /// Whether the method searches over system prompts (hand-added ones compete).
    var searchesSystemPrompts: Bool { config.method.searchesSystemPrompts }

    /// Whether the method searches over user prompts (hand-added ones compete).
    var searchesUserPrompts: Bool { config.method.searchesUserPrompts }
}
