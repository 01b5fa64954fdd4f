import BenchSupport
import Foundation
import SPOCore
import SPOEngine
import SPOModels
import SPOTestSupport

// Benchmark (b) of issue 8: how full the engine keeps its endpoints. Every
// reply of the simulated endpoint takes 50 ms; each endpoint allows 16 requests
// in flight, so the limit is 16 with one endpoint and 64 with four replicas
// (`extra_endpoints`). Each endpoint runs in its own child process. The client
// records when each base call started and ended, and this prints the mean
// number of base calls in flight while any was (Σ durations / busy time),
// against the limit; "over the run" also counts the time the base model
// waits for the optimizer. Racing runs twice: as it runs by default, and with
// asking ahead switched off (a race round's idle slots then wait for its last
// answers); both make the same base calls.
//
//   cd Benchmarks && swift run -c release ThroughputBenchmark [iterations]

try await SimChild.serveIfChild()

let latency = 0.05
let perEndpoint = 16
let iterations = (CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) : nil) ?? 1
let tasks = PaperSetting.sourceTasks()

func measure(endpoints: Int, strategy: SearchStrategy, askAhead: Bool) async throws -> (calls: Int, wall: Double, busy: Double, whileBusy: Double, overall: Double, peak: Int) {
    let children = try (0..<endpoints).map { _ in try SimChild(latency: latency) }
    defer { children.forEach { $0.stop() } }
    var cfg = PaperSetting.config(seed: 1, strategy: strategy, maxInFlight: perEndpoint)
    cfg.iterations = iterations
    cfg.base.extraEndpoints = children.dropFirst().map(\.baseURL)
    let recorder = CallRecorder(try OpenAIClient(.init(endpoints: children.map(\.baseURL), model: "sim", maxInFlight: perEndpoint)))
    let optimizer = try OpenAIClient(.init(endpoints: [children[0].baseURL], model: "sim", maxInFlight: 8))
    let start = ContinuousClock.now
    _ = try await PaperSetting.run(cfg, tasks: tasks, base: recorder, optimizer: optimizer, baseConcurrency: perEndpoint * endpoints, askAhead: askAhead)
    let wall = Measure.seconds(ContinuousClock.now - start)
    let f = recorder.figures(wall: wall)
    return (f.calls, wall, f.busy, f.whileBusy, f.overall, f.peak)
}

func f(_ d: Double, _ digits: Int = 1) -> String { Measure.f(d, digits) }
func col(_ s: String, _ w: Int) -> String { s.padding(toLength: w, withPad: " ", startingAt: 0) }
print("50 ms per reply, \(perEndpoint) requests in flight allowed per endpoint; paper-default search, \(iterations) iteration(s), no test phase")
print("endpoints  strategy            limit  base calls  wall     base busy  in flight while busy   in flight over the run  peak")
for endpoints in [1, 4] {
    for (strategy, askAhead) in [(SearchStrategy.exhaustive, true), (.racing, false), (.racing, true)] {
        let r = try await measure(endpoints: endpoints, strategy: strategy, askAhead: askAhead)
        let name = strategy == .racing ? (askAhead ? "racing" : "racing, no ahead") : strategy.rawValue
        let limit = Double(perEndpoint * endpoints)
        print(
            col("\(endpoints)", 11) + col(name, 20) + col("\(Int(limit))", 7) + col(ScoreSummary.grouped(r.calls), 12)
                + col(f(r.wall) + " s", 9) + col(f(r.busy) + " s", 11)
                + col("\(f(r.whileBusy)) (\(f(100 * r.whileBusy / limit, 0))%)", 23)
                + col("\(f(r.overall)) (\(f(100 * r.overall / limit, 0))%)", 24) + "\(r.peak)")
        fflush(nil)
    }
}
print("target: at least 90% of the allowed requests in flight while there is base work, with 1 and with 4 endpoints")
