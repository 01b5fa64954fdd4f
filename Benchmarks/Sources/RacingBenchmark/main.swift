import BenchSupport
import Foundation
import SPOCore
import SPOEngine
import SPOModels
import SPOTestSupport

// Benchmark (a) of issue 8: base-model calls and final train score of the
// paper's default search (4 tasks × 50 train, 3 iterations, 9 system and 3 user
// candidates, top-3) on the simulated endpoint, exhaustive against racing, over
// several seeds, beside the paper code's 18,200 base calls. Prints figures.
//
//   cd Benchmarks && swift run -c release RacingBenchmark [seeds]

let seeds = (CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) : nil) ?? 5
let tasks = PaperSetting.sourceTasks()
let behaviour = SimulatedBehaviour(answers: try AnswerKey(builtin: PaperSetting.tasks))

struct Row {
    var base: Int
    var optimizer: Int
    /// Mean over tasks of the final best node's train score (50 examples).
    var train: Double
    /// Mean over tasks of the simulator's true accuracy for the final prompts.
    var truth: Double
    var saved: Int
    var seconds: Double
}

func runOnce(seed: UInt64, strategy: SearchStrategy) async throws -> Row {
    let sim = try await SimulatedEndpoint.start(builtin: PaperSetting.tasks)
    let cfg = PaperSetting.config(seed: seed, strategy: strategy)
    let base = try OpenAIClient(.init(endpoints: [sim.baseURL], model: "sim", maxInFlight: cfg.base.maxInFlight))
    let optimizer = try OpenAIClient(.init(endpoints: [sim.baseURL], model: "sim", maxInFlight: 8))
    let start = ContinuousClock.now
    let (summary, sink) = try await PaperSetting.run(cfg, tasks: tasks, base: base, optimizer: optimizer)
    let seconds = Measure.seconds(ContinuousClock.now - start)
    let counts = sim.counts
    await sim.stop()
    let train = summary.tasks.compactMap(\.trainByIteration.last)
    let (system, users) = PaperSetting.finalPrompts(sink)
    let truth = tasks.map { t in behaviour.accuracy(system: system, userPrompt: users[t.name] ?? t.userPrompt) }
    let saved = sink.records.reduce(0) { if case .race(let r) = $1.event { r.saved } else { $0 } }
    return Row(
        base: counts.base, optimizer: counts.optimizer, train: train.reduce(0, +) / Double(max(1, train.count)),
        truth: truth.reduce(0, +) / Double(truth.count), saved: saved, seconds: seconds)
}

func f(_ d: Double, _ digits: Int = 1) -> String { Measure.f(d, digits) }
func n(_ x: Int) -> String { ScoreSummary.grouped(x) }
print("paper-default search on the simulated endpoint: \(PaperSetting.tasks.joined(separator: ", ")); train 50, no test phase")
print("seed  strategy    base calls  optimizer  final train  true acc.  saved   wall")
var rows: [String: [Row]] = [:]
for seed in 1...seeds {
    for strategy in SearchStrategy.allCases {
        let r = try await runOnce(seed: UInt64(seed), strategy: strategy)
        rows[strategy.rawValue, default: []].append(r)
        print(
            "\(String(seed).padding(toLength: 6, withPad: " ", startingAt: 0))\(strategy.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))"
                + "\(n(r.base).padding(toLength: 12, withPad: " ", startingAt: 0))\(String(r.optimizer).padding(toLength: 11, withPad: " ", startingAt: 0))"
                + "\(f(100 * r.train, 1).padding(toLength: 13, withPad: " ", startingAt: 0))\(f(100 * r.truth, 1).padding(toLength: 11, withPad: " ", startingAt: 0))"
                + "\(n(r.saved).padding(toLength: 8, withPad: " ", startingAt: 0))\(f(r.seconds, 1)) s")
        fflush(nil)
    }
}
func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(1, xs.count)) }
let ex = rows[SearchStrategy.exhaustive.rawValue] ?? [], ra = rows[SearchStrategy.racing.rawValue] ?? []
let exBase = mean(ex.map { Double($0.base) }), raBase = mean(ra.map { Double($0.base) })
let exTrain = mean(ex.map(\.train)), raTrain = mean(ra.map(\.train))
print("")
print("mean over \(seeds) seeds:")
print("  paper code (MetaSPO)  18,200 base calls (its formula at these settings, training only)")
print("  exhaustive            \(n(Int(exBase.rounded()))) base calls, \(f(mean(ex.map { Double($0.optimizer) }), 0)) optimizer, final train \(f(100 * exTrain)), true accuracy \(f(100 * mean(ex.map(\.truth))))")
print("  racing                \(n(Int(raBase.rounded()))) base calls, \(f(mean(ra.map { Double($0.optimizer) }), 0)) optimizer, final train \(f(100 * raTrain)), true accuracy \(f(100 * mean(ra.map(\.truth))))")
print("  racing / exhaustive   \(f(100 * raBase / exBase))% of the base calls (\(f(100 * raBase / 18_200))% of 18,200); final train \(f(100 * (raTrain - exTrain), 1)) points")
print("  bar: racing's final train at most 2 points below exhaustive's, with at most 40% of its base calls")
