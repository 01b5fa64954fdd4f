import BenchSupport
import Foundation
import SPOCore
import SPOBuiltins
import SPOEngine
import SPOModels
import SPOTestSupport

// Issue 21, item 5: the outer loop's selection rule, `mean` against `pareto`
// against `pareto` + merge, on the paper's default search (4 tasks × 50 train,
// 3 iterations, 9 system and 3 user candidates, top-3, racing) over seeds, at
// the same candidate budget, and `mean` with exhaustive scoring (about the
// base calls `pareto` spends: the equal-budget reference). Printed per run: calls, final train mean, and the
// simulator's true accuracy of the final prompts on the source tasks and, for
// the system prompt alone, on two unseen tasks under their own user prompts.
// Run twice: the simulator as it is (features help every task alike) and with
// per-task trade-offs (a feature helps some tasks and hurts others).
//
//   cd Benchmarks && swift run -c release SelectionBenchmark [seeds] [trade-off]

let seeds = (CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) : nil) ?? 5
let tradeOff = (CommandLine.arguments.count > 2 ? Double(CommandLine.arguments[2]) : nil) ?? 0
let tasks = PaperSetting.sourceTasks()
let unseen = ["boolean_expressions", "fact_check_numbers"].compactMap { BuiltinTasks.task(named: $0) }
let settings = SimulatedBehaviour.Settings(taskTradeOff: tradeOff)
let behaviour = SimulatedBehaviour(answers: try AnswerKey(builtin: PaperSetting.tasks), settings: settings)

struct Arm {
    var name: String
    var selection: SelectionRule?
    var merge: Bool?
    var strategy = SearchStrategy.racing
}
let arms = [Arm(name: "mean", selection: nil, merge: nil), Arm(name: "mean, exh.", selection: nil, merge: nil, strategy: .exhaustive),
            Arm(name: "pareto", selection: .pareto, merge: false), Arm(name: "pareto+merge", selection: .pareto, merge: true)]

struct Row {
    var base: Int
    var optimizer: Int
    var train: Double
    var truth: Double
    var unseen: Double
    var merges: Int
    var front: Int
}

func runOnce(seed: UInt64, arm: Arm) async throws -> Row {
    let sim = try await SimulatedEndpoint.start(builtin: PaperSetting.tasks, settings: settings)
    var cfg = PaperSetting.config(seed: seed, strategy: arm.strategy)
    cfg.selection = arm.selection
    cfg.merge = arm.merge
    let base = try OpenAIClient(.init(endpoints: [sim.baseURL], model: "sim", maxInFlight: cfg.base.maxInFlight))
    let optimizer = try OpenAIClient(.init(endpoints: [sim.baseURL], model: "sim", maxInFlight: 8))
    let (summary, sink) = try await PaperSetting.run(cfg, tasks: tasks, base: base, optimizer: optimizer)
    let counts = sim.counts
    await sim.stop()
    let train = summary.tasks.compactMap(\.trainByIteration.last)
    let (system, users) = PaperSetting.finalPrompts(sink)
    let truth = tasks.map { t in behaviour.accuracy(system: system, userPrompt: users[t.name] ?? t.userPrompt, task: t.name) }
    let unseenTruth = unseen.map { t in behaviour.accuracy(system: system, userPrompt: t.userPrompt, task: t.name) }
    var merges = 0, front = 0
    for r in sink.records {
        switch r.event {
        case .candidateCreated(let c) where c.origin == .merge: merges += 1
        case .selection(let s): front = s.population?.count ?? front
        default: break
        }
    }
    func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(1, xs.count)) }
    return Row(base: counts.base, optimizer: counts.optimizer, train: mean(train), truth: mean(truth), unseen: mean(unseenTruth),
               merges: merges, front: front)
}

func f(_ d: Double, _ digits: Int = 1) -> String { Measure.f(d, digits) }
func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
print("selection rules on the simulated endpoint: \(PaperSetting.tasks.joined(separator: ", ")) (unseen: \(unseen.map(\.name).joined(separator: ", "))); paper-default search, racing; task trade-off \(f(tradeOff, 1))")
print(pad("seed", 6) + pad("selection", 14) + pad("base calls", 12) + pad("optimizer", 11) + pad("final train", 13) + pad("true acc.", 11) + pad("unseen acc.", 13) + pad("merges", 8) + "front")
var rows: [String: [Row]] = [:]
for seed in 1...seeds {
    for arm in arms {
        let r = try await runOnce(seed: UInt64(seed), arm: arm)
        rows[arm.name, default: []].append(r)
        print(pad(String(seed), 6) + pad(arm.name, 14) + pad(ScoreSummary.grouped(r.base), 12) + pad(String(r.optimizer), 11)
            + pad(f(100 * r.train), 13) + pad(f(100 * r.truth), 11) + pad(f(100 * r.unseen), 13) + pad(String(r.merges), 8) + String(r.front))
        fflush(nil)
    }
}

// Paired over seeds against `mean`: the same seed draws the same first round.
print("")
print("mean over \(seeds) seeds, and the paired difference from `mean` (t 95% interval over seeds, in points):")
func avg(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(1, xs.count)) }
let reference = rows["mean"] ?? []
for arm in arms {
    let r = rows[arm.name] ?? []
    var line = "  " + pad(arm.name, 14) + "base \(ScoreSummary.grouped(Int(avg(r.map { Double($0.base) }).rounded()))), optimizer \(f(avg(r.map { Double($0.optimizer) }), 0))"
    line += ", final train \(f(100 * avg(r.map(\.train)))), true \(f(100 * avg(r.map(\.truth)))), unseen \(f(100 * avg(r.map(\.unseen))))"
    if arm.name != "mean" {
        func diff(_ key: KeyPath<Row, Double>) -> String {
            guard let d = ScoreEstimate.meanDifference(zip(r, reference).map { $0[keyPath: key] - $1[keyPath: key] }) else { return "–" }
            let e = ScoreEstimate(score: 100 * d.score, low: 100 * d.low, high: 100 * d.high, n: d.n)
            let verdict = e.low > 0 ? "higher" : e.high < 0 ? "lower" : "no difference shown"
            return "\(f(e.score)) [\(f(e.low)), \(f(e.high))] (\(verdict))"
        }
        line += "\n      vs mean: true \(diff(\.truth)); unseen \(diff(\.unseen)); final train \(diff(\.train))"
    }
    print(line)
}
