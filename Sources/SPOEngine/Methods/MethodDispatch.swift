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
        case "metaspo", "outer-only", "metaspo-ape", "metaspo-evo": try await runMetaSPO()
        case "ape": try await runAPE()
        case "protegi": try await runProTeGi()
        case "sprig": try await runSPRIG()
        default: throw SPOError("unknown method \(config.method); one of \(RunConfig.methods.joined(separator: ", "))")
        }
    }

    /// MetaSPO's inner step, or the one its variant puts in its place.
    func innerStep() async throws {
        switch config.method {
        case "metaspo-ape": try await resampleInnerLoop()
        case "metaspo-evo": try await evolveInnerLoop()
        default: try await innerLoop()
        }
    }

    /// MetaSPO's outer step, or the one its variant puts in its place.
    func outerStep() async throws {
        switch config.method {
        case "metaspo-evo": try await evolveOuterLoop()
        default: try await outerLoop()
        }
    }

    /// Whether the method searches over system prompts (hand-added ones compete).
    var searchesSystemPrompts: Bool { !["ape", "protegi"].contains(config.method) }

    /// Whether the method searches over user prompts (hand-added ones compete).
    var searchesUserPrompts: Bool { !["outer-only", "sprig"].contains(config.method) }
}
