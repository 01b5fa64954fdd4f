import Foundation
import SPOCore
import SPOEngine

/// The text `metaspo plan` prints: calls, tokens, cost and time per strategy.
enum PlanPrinter {
    static func text(_ p: RunProjection, config: RunConfig) -> String {
        var lines: [String] = []
        let unseen = p.unseenTasks.isEmpty ? "" : "; unseen: \(p.unseenTasks.joined(separator: ", "))"
        lines.append("plan: \(p.method) on \(p.sourceTasks.count) source task(s) (\(p.sourceTasks.joined(separator: ", ")))\(unseen)")
        // The paper runs twice the iterations when only the outer loop runs (and sprig twice the generations).
        let doubled = config.method.doublesIterations
        let rounds = doubled ? "\(config.iterations) iteration(s), run as \(config.method.rounds(config.iterations)) \(config.method == .sprig ? "generations" : "outer loops") (\(config.method.rawValue) doubles them)" : "\(config.iterations) iteration(s)"
        lines.append("  \(rounds), \(config.systemCandidates) system and \(config.userCandidates) user candidates, top-\(config.userTopK), train \(config.trainSize)\(config.validationSize > 0 ? ", validation \(config.validationSize)" : ""), test \(config.testSize)\(config.keepsFront ? ", pareto front" + (config.merge == true ? " with merges" : "") : "")")
        lines.append("")
        let rows = [p.exhaustive, p.racing].map { e -> [String] in
            [
                e.strategy.rawValue + (e.strategy == p.strategy ? " *" : ""),
                range(e.baseCalls), range(e.optimizerCalls), range(e.totalTokens),
                money(e.costLowUSD, e.costHighUSD), duration(e.secondsLow, e.secondsHigh),
            ]
        }
        lines.append(Console.table(["strategy", "base calls", "optimizer calls", "tokens", "cost", "time"], rows))
        lines.append("")
        lines.append("* the strategy this run uses. Racing drops clearly worse candidates early, so its")
        lines.append("  figures are a range: every droppable candidate dropped at once … only halving drops.")
        lines.append("Per phase (\(p.chosen.strategy)):")
        lines.append(Console.table(
            ["phase", "base calls", "optimizer calls"],
            p.chosen.phases.map { [$0.name, range($0.base), range($0.optimizer)] }))
        let a = p.assumptions
        lines.append("")
        lines.append("Assumes \(fixed(a.baseLatency)) s per base call × \(a.baseParallel) at once, \(fixed(a.optimizerLatency)) s per optimizer call × \(a.optimizerParallel) at once (\(a.latencySource));")
        lines.append("~\(a.baseCompletionTokens) tokens per base reply, ~\(a.optimizerCompletionTokens) per optimizer reply, 4 characters per token; no cache hits.")
        let unpriced = p.priced.filter { !$0.value }.map(\.key).sorted()
        if !unpriced.isEmpty {
            lines.append("No price for the \(unpriced.joined(separator: " and ")) model: counted as free (add `prices:` to the config).")
        }
        if let limit = config.budget.confirmAboveUSD, p.chosen.costHighUSD > limit {
            lines.append("Above confirm_above_usd (\(money(limit, limit))): `run` will ask before starting (--yes answers it).")
        }
        return lines.joined(separator: "\n")
    }

    static func range(_ r: CallRange) -> String {
        r.isExact ? ScoreSummary.grouped(r.low) : "\(ScoreSummary.grouped(r.low)) – \(ScoreSummary.grouped(r.high))"
    }

    static func money(_ low: Double, _ high: Double) -> String {
        func m(_ d: Double) -> String { d < 0.01 && d > 0 ? "<$0.01" : "$" + String(format: "%.2f", d) }
        return abs(high - low) < 0.005 ? m(high) : "\(m(low)) – \(m(high))"
    }

    static func duration(_ low: Double, _ high: Double) -> String {
        func d(_ s: Double) -> String {
            if s < 90 { return "\(Int(s.rounded())) s" }
            if s < 5400 { return "\(Int((s / 60).rounded())) min" }
            return String(format: "%.1f h", s / 3600)
        }
        return abs(high - low) < 1 ? d(high) : "\(d(low)) – \(d(high))"
    }

    static func fixed(_ d: Double) -> String { String(format: d < 10 ? "%.1f" : "%.0f", d) }
}
