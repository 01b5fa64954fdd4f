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

    /// MetaSPO's inner step, or the one its variant puts in its place.
    func innerStep() async throws {
        switch config.method {
        case .metaspoAPE: try await resampleInnerLoop()
        case .metaspoEvo: try await evolveInnerLoop()
        default: try await innerLoop()
        }
    }

    /// MetaSPO's outer step, or the one its variant puts in its place.
    func outerStep() async throws {
        switch config.method {
        case .metaspoEvo: try await evolveOuterLoop()
        default: try await outerLoop()
        }
    }

    /// Whether the method searches over system prompts (hand-added ones compete).
    var searchesSystemPrompts: Bool { config.method.searchesSystemPrompts }

    /// Whether the method searches over user prompts (hand-added ones compete).
    var searchesUserPrompts: Bool { config.method.searchesUserPrompts }
}
