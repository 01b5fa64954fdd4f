import Foundation
import SPOCore
import SPOEngine

/// The question a run asks before it starts when its projected cost is above
/// the config's `confirm_above_usd` (docs/planning.md).
struct StartConfirmation: Sendable, Hashable {
    var text: String

    /// Nil when no threshold is set or the projection (its upper end, for
    /// racing) stays at or below the threshold.
    static func question(config: RunConfig, source: [SPOTask], unseen: [SPOTask]) -> StartConfirmation? {
        guard let limit = config.budget.confirmAboveUSD else { return nil }
        let plan = RunPlanner.project(config: config, sourceTasks: source, unseenTasks: unseen, prompts: try? MetaPromptSet.load(overrides: config.promptTemplates))
        let cost = plan.chosen.costHighUSD
        guard cost > limit else { return nil }
        let calls = plan.chosen.baseCalls.high + plan.chosen.optimizerCalls.high
        return StartConfirmation(text: String(
            format: "this run is projected to cost up to $%.2f (%@ calls, %@) — above confirm_above_usd $%.2f",
            cost, ScoreSummary.grouped(calls), plan.chosen.strategy.rawValue, limit))
    }
}

/// The answer to a `StartConfirmation`, given once (by the dashboard) and
/// awaited by the run driver before the engine starts.
final class StartAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var answer: Bool?
    private var waiters: [CheckedContinuation<Bool, Never>] = []

    /// The first answer counts; later ones are ignored.
    func give(_ yes: Bool) {
        let waiting: [CheckedContinuation<Bool, Never>] = lock.withLock {
            guard answer == nil else { return [] }
            answer = yes
            defer { waiters = [] }
            return waiters
        }
        for w in waiting { w.resume(returning: yes) }
    }

    var given: Bool? { lock.withLock { answer } }

    func wait() async -> Bool {
        await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            let known: Bool? = lock.withLock {
                if let answer { return answer }
                waiters.append(c)
                return nil
            }
            if let known { c.resume(returning: known) }
        }
    }
}
