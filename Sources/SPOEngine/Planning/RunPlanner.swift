import Foundation
public import SPOCore

/// Projects a run's calls, tokens, cost and time from its config and tasks
/// (`metaspo plan`, and the confirmation above `confirm_above_usd`).
public enum RunPlanner {
    /// Nil when the method has no formula yet.
    public static func project(
        config: RunConfig, sourceTasks: [SPOTask], unseenTasks: [SPOTask], prompts: MetaPromptSet? = nil,
        assumptions: PlanAssumptions? = nil, attempts: Int = 3
    ) -> RunProjection {
        let planner = MethodPlanners.planner(for: config.method)
        let assumptions = assumptions ?? .defaults(for: config)
        var source: [PlanContext.TaskSize] = []
        var unseen: [PlanContext.TaskSize] = []
        var chars = 0.0, count = 0.0
        let systemChars = Double(config.initialSystemPrompt.count)
        for t in sourceTasks {
            let s = TaskSplit(task: t, trainSize: config.trainSize, testSize: config.testSize, seed: config.seed, valSize: config.validationSplitSize)
            source.append(.init(name: t.name, train: s.train.count, val: s.validation.count, test: config.testSize > 0 ? s.test.count : 0))
            for e in s.train {
                chars += systemChars + Double(t.render(e).count)
                count += 1
            }
        }
        for t in unseenTasks {
            let s = TaskSplit(task: t, trainSize: config.trainSize, testSize: config.testSize, seed: config.seed)
            unseen.append(.init(name: t.name, train: 0, test: config.testSize > 0 ? s.test.count : 0))
        }
        // Rewritten prompts grow; a fifth more than the initial prompts is a fair middle.
        let exampleChars = count > 0 ? chars / count : 600
        let basePrompt = Int((exampleChars * 1.2 / assumptions.charsPerToken).rounded()) + 12
        let templateChars: Double = prompts.map { p in
            let all = [p.userAnalysis, p.userWriter, p.systemAnalysis, p.systemWriter]
            return Double(all.reduce(0) { $0 + $1.system.count + $1.user.count }) / Double(all.count)
        } ?? 2000

        func estimate(racing: Bool) -> RunProjection.Estimate {
            let context = PlanContext(config: config, source: source, unseen: unseen, racing: racing, attempts: attempts)
            let phases = planner.phases(context)
            var base = CallRange.zero, optimizer = CallRange.zero, prompt = CallRange.zero, completion = CallRange.zero
            var baseCost = (0.0, 0.0), optCost = (0.0, 0.0), seconds = (0.0, 0.0)
            let basePrice = BudgetGuard.price(config.base.model ?? "", in: config.prices)
            let optPrice = BudgetGuard.price(config.optimizer.model ?? "", in: config.prices)
            for p in phases {
                base = base + p.base
                optimizer = optimizer + p.optimizer
                // An optimizer prompt: the template, the wrong examples shown with
                // their replies, and for a rewrite the analysis too.
                let optPrompt = Int(((templateChars + Double(p.shownExamples) * (exampleChars + 300) + 600) / assumptions.charsPerToken).rounded())
                let bp = p.base.low * basePrompt, bpHigh = p.base.high * basePrompt
                let bc = p.base.low * assumptions.baseCompletionTokens, bcHigh = p.base.high * assumptions.baseCompletionTokens
                let op = p.optimizer.low * optPrompt, opHigh = p.optimizer.high * optPrompt
                let oc = p.optimizer.low * assumptions.optimizerCompletionTokens, ocHigh = p.optimizer.high * assumptions.optimizerCompletionTokens
                prompt = prompt + CallRange(low: bp + op, high: bpHigh + opHigh)
                completion = completion + CallRange(low: bc + oc, high: bcHigh + ocHigh)
                if let basePrice {
                    baseCost.0 += basePrice.cost(promptTokens: bp, completionTokens: bc)
                    baseCost.1 += basePrice.cost(promptTokens: bpHigh, completionTokens: bcHigh)
                }
                if let optPrice {
                    optCost.0 += optPrice.cost(promptTokens: op, completionTokens: oc)
                    optCost.1 += optPrice.cost(promptTokens: opHigh, completionTokens: ocHigh)
                }
                // Base calls keep the endpoints busy; optimizer calls come in waves
                // (analysis, then rewrite), each as wide as the phase's drafts.
                let baseRate = Double(assumptions.baseParallel) / assumptions.baseLatency
                seconds.0 += Double(p.base.low) / baseRate
                seconds.1 += Double(p.base.high) / baseRate
                if p.optimizer.low > 0 {
                    let width = max(1, p.optimizerWidth)
                    let rounds = Double(p.optimizerWaves) * (Double(width) / Double(assumptions.optimizerParallel)).rounded(.up)
                    let low = rounds * assumptions.optimizerLatency
                    seconds.0 += low
                    seconds.1 += low * Double(p.optimizer.high) / Double(p.optimizer.low)
                }
            }
            return .init(
                strategy: racing ? .racing : .exhaustive, phases: phases, baseCalls: base, optimizerCalls: optimizer,
                promptTokens: prompt, completionTokens: completion, costLowUSD: baseCost.0 + optCost.0,
                costHighUSD: baseCost.1 + optCost.1, secondsLow: seconds.0, secondsHigh: seconds.1)
        }
        return RunProjection(
            method: config.method, strategy: config.strategy, sourceTasks: sourceTasks.map(\.name), unseenTasks: unseenTasks.map(\.name),
            exhaustive: estimate(racing: false), racing: estimate(racing: true), assumptions: assumptions,
            priced: [
                ModelRole.base.rawValue: config.base.usesLocalModel || BudgetGuard.price(config.base.model ?? "", in: config.prices) != nil,
                ModelRole.optimizer.rawValue: config.optimizer.usesLocalModel || BudgetGuard.price(config.optimizer.model ?? "", in: config.prices) != nil,
            ])
    }
}
