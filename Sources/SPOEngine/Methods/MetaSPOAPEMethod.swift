import Foundation
import SPOCore

/// `metaspo-ape`: MetaSPO's outer loop unchanged, but the inner loop draws new
/// user prompts by APE-style resampling of each task's best user prompt instead
/// of analysing its failures and rewriting it (one optimizer call per candidate
/// instead of two; no `analysis_created` events for user prompts).
extension Engine {
    func resampleInnerLoop() async throws {
        try emit(.phaseStarted(.init(iteration: search.iteration, phase: .inner)))
        for (taskIndex, task) in setup.sourceTasks.enumerated() {
            try await checkpoint()
            guard let best = search.kept[task.name]?.first else { continue }
            try await userStep(task: task) { try await resampleUsers(task: task, taskIndex: taskIndex, parents: [best]) }
        }
        try emit(.selection(.init(iteration: search.iteration, phase: .inner, kept: search.kept, currentSystem: search.currentSystem)))
        try emit(.phaseFinished(.init(iteration: search.iteration, phase: .inner)))
    }
}
