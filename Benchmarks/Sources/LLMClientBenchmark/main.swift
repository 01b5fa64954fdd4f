import Foundation
import BenchSupport
import SPOCore
import SPOModels
import SPOTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The LLM client against an endpoint that answers every request after a fixed
// 50 ms, with 32 requests allowed in flight: how close the client gets to the
// ideal 32 / 0.05 s = 640 calls/s, how full it keeps its 32 slots, and what it
// costs in client CPU per call. The endpoint runs in a child process so its
// CPU is not counted. Prints figures; it is not a pass/fail test.

let serverDelay = 0.05
let slots = 32
let arguments = CommandLine.arguments

if arguments.count > 1, arguments[1] == "serve" {
    let server = try await ScriptedHTTPServer.start(keepRequests: false) { _ in
        .chat("<answer>B</answer>", promptTokens: 120, completionTokens: 8, delay: serverDelay)
    }
    FileHandle.standardOutput.write(Data("\(server.baseURL)\n".utf8))
    // Serve until the parent closes our stdin (or dies).
    _ = FileHandle.standardInput.readDataToEndOfFile()
    await server.stop()
    exit(0)
}


struct Figures {
    var calls: Int
    var wall: Double
    var cpu: Double
    var sampledInFlight: Double
    var littleInFlight: Double
    var errors: Int
}

/// Issues `count` distinct requests at once; the client's slots bound them to 32.
func measure(_ model: any LanguageModel, slotsOf client: OpenAIClient, count: Int, tag: String) async -> Figures {
    let sampling = Task {
        var samples = 0
        var sum = 0
        while !Task.isCancelled {
            sum += await client.slots.currentInFlight.reduce(0, +)
            samples += 1
            try? await Task.sleep(for: .milliseconds(5))
        }
        return Double(sum) / Double(max(1, samples))
    }
    let cpu0 = Measure.cpuSeconds()
    let start = ContinuousClock.now
    let (latency, errors) = await withTaskGroup(of: Double?.self) { group in
        for i in 0..<count {
            group.addTask {
                let messages: [ChatMessage] = [
                    .system("You are a helpful assistant."),
                    .user("\(tag) question \(i): which option is right? (A) one (B) two. Answer in <answer></answer>."),
                ]
                return try? await model.complete(messages, parameters: SamplingParameters(temperature: 0, maxTokens: 16)).usage.latencySeconds
            }
        }
        var total = 0.0
        var failed = 0
        for await l in group {
            if let l { total += l } else { failed += 1 }
        }
        return (total, failed)
    }
    let wall = Measure.seconds(ContinuousClock.now - start)
    let cpu = Measure.cpuSeconds() - cpu0
    sampling.cancel()
    let sampled = await sampling.value
    return Figures(calls: count, wall: wall, cpu: cpu, sampledInFlight: sampled, littleInFlight: latency / wall, errors: errors)
}

func f(_ d: Double, _ digits: Int = 1) -> String { Measure.f(d, digits) }

func report(_ name: String, _ r: Figures) {
    let ideal = Double(slots) / serverDelay
    let rate = Double(r.calls) / r.wall
    print("\(name):")
    print("  calls               \(r.calls) in \(f(r.wall, 2)) s, errors \(r.errors)")
    print("  calls/s             \(f(rate)) of ideal \(f(ideal)) (\(f(100 * rate / ideal))%)")
    print("  in flight (sampled) \(f(r.sampledInFlight, 2)) of \(slots) (\(f(100 * r.sampledInFlight / Double(slots)))%)")
    print("  in flight (Little)  \(f(r.littleInFlight, 2)) of \(slots) (sum of request latencies / wall time)")
    print("  client CPU          \(f(r.cpu, 2)) s, \(f(1e6 * r.cpu / Double(r.calls), 0)) µs per call")
}

let count = arguments.count > 1 ? Int(arguments[1]) ?? 3200 : 3200
let child = try SimChild(arguments: ["serve"])
let client = try OpenAIClient(.init(endpoints: [child.baseURL], model: "bench", maxInFlight: slots, timeoutSeconds: 10))

print("endpoint answers after \(Int(serverDelay * 1000)) ms; \(slots) requests in flight allowed; \(count) calls per run")
_ = await measure(client, slotsOf: client, count: 256, tag: "warm-up")

report("client alone", await measure(client, slotsOf: client, count: count, tag: "plain"))

let meter = UsageMeter()
let dir = NSTemporaryDirectory() + "metaspo-bench-\(getpid())"
let cache = try ResponseCache(path: dir + "/responses.sqlite")
let stack = MeteredModel(CachedModel(client, cache: cache), meter: meter, role: .base, priceName: "bench")
report("metered + SQLite cache, all misses", await measure(stack, slotsOf: client, count: count, tag: "cached"))
let hitStart = ContinuousClock.now
let cpuHits0 = Measure.cpuSeconds()
let hits = await measure(stack, slotsOf: client, count: count, tag: "cached")
print("cache hits only: \(hits.calls) calls in \(f(hits.wall, 2)) s (\(f(Double(hits.calls) / hits.wall, 0)) calls/s), "
    + "\(f(1e6 * (Measure.cpuSeconds() - cpuHits0) / Double(hits.calls), 0)) µs CPU per call; \(f(Measure.seconds(ContinuousClock.now - hitStart), 2)) s")
let usage = await meter.snapshot().base
print("meter: \(usage.calls) calls, \(usage.cacheHits) cache hits, \(usage.errors) errors")

try? FileManager.default.removeItem(atPath: dir)
child.stop()
