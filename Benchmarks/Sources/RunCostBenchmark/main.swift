import BenchSupport
import Foundation
import SPOCore
import SPOEngine
import SPOModels
import SPOTestSupport

// Benchmark (c) of issue 8: client CPU time per call and peak memory of a
// paper-default run (4 tasks × 50 train, 3 iterations, 9 system and 3 user
// candidates, top-3, test 100 per task) through the real stack (metered,
// SQLite response cache, HTTP client). The simulated endpoint runs in a child
// process, so the figures are the client's alone; each strategy runs in its
// own process, so each peak memory is its own.
//
//   cd Benchmarks && swift run -c release RunCostBenchmark [exhaustive|racing]

try await SimChild.serveIfChild()

func f(_ d: Double, _ digits: Int = 1) -> String { Measure.f(d, digits) }
if CommandLine.arguments.count < 2 {
    // One process per strategy.
    for strategy in SearchStrategy.names {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        p.arguments = [strategy]
        try p.run()
        p.waitUntilExit()
    }
    exit(0)
}

let strategy = CommandLine.arguments[1]
let child = try SimChild()
let dir = NSTemporaryDirectory() + "metaspo-runcost-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
var cfg = PaperSetting.config(seed: 1, strategy: SearchStrategy(rawValue: strategy) ?? .racing, testSize: 100)
for role in [\RunConfig.base, \RunConfig.optimizer] {
    cfg[keyPath: role].baseURL = child.baseURL
    cfg[keyPath: role].apiKeyEnv = "METASPO_BENCHMARK_HAS_NO_KEY"
}
let stack = try await ModelFactory.makeStack(config: cfg, options: .init(cachePath: dir + "/responses.sqlite"))
let memoryBefore = Measure.peakMemoryMiB()
let cpu0 = Measure.cpuSeconds()
let start = ContinuousClock.now
let (_, sink) = try await PaperSetting.run(cfg, tasks: PaperSetting.sourceTasks(), base: stack.base, optimizer: stack.optimizer, meter: stack.meter)
let wall = Measure.seconds(ContinuousClock.now - start)
let cpu = Measure.cpuSeconds() - cpu0
let usage = await stack.meter.snapshot()
let calls = usage.base.calls + usage.optimizer.calls
child.stop()
try? FileManager.default.removeItem(atPath: dir)
print("\(strategy): \(ScoreSummary.grouped(usage.base.calls)) base + \(usage.optimizer.calls) optimizer calls in \(f(wall, 1)) s, \(ScoreSummary.grouped(sink.records.count)) events")
print("  client CPU   \(f(cpu, 2)) s, \(f(1e6 * cpu / Double(max(1, calls)), 0)) µs per call (engine, metering, SQLite cache, HTTP)")
print("  peak memory  \(f(Measure.peakMemoryMiB(), 1)) MiB resident (\(f(memoryBefore, 1)) MiB before the run)")
