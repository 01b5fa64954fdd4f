import Foundation

/// Times a piece of work over many runs and reports what a reader compares.
/// Wall time suffers when other processes share the cores; the thread's CPU
/// time does not, so both are given.
struct Stopwatch {
    struct Figures {
        var runs: Int
        var median: Double
        var mean: Double
        var fastest: Double
        var p95: Double
        /// Median CPU time of this thread per run.
        var cpuMedian: Double

        /// Milliseconds, for frames.
        var millis: String {
            String(format: "cpu %.2f ms; wall median %.2f ms, min %.2f ms, p95 %.2f ms (%d runs)", cpuMedian * 1e3, median * 1e3, fastest * 1e3, p95 * 1e3, runs)
        }
    }

    /// CPU seconds this thread has used.
    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` at least `minRuns` times and until `minSeconds` have passed (at most `maxRuns`).
    static func measure(minRuns: Int = 5, maxRuns: Int = 1_000, minSeconds: Double = 2, _ body: () -> Void) -> Figures {
        var samples: [Double] = []
        var cpu: [Double] = []
        let start = ContinuousClock.now
        while samples.count < maxRuns, samples.count < minRuns || seconds(ContinuousClock.now - start) < minSeconds {
            let t0 = ContinuousClock.now
            let c0 = threadCPU()
            body()
            cpu.append(threadCPU() - c0)
            samples.append(seconds(ContinuousClock.now - t0))
        }
        samples.sort()
        cpu.sort()
        return Figures(
            runs: samples.count, median: samples[samples.count / 2], mean: samples.reduce(0, +) / Double(samples.count),
            fastest: samples[0], p95: samples[min(samples.count - 1, samples.count * 95 / 100)], cpuMedian: cpu[cpu.count / 2])
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Wall and CPU seconds that `body` takes, once.
    static func once<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
        let t0 = ContinuousClock.now
        let c0 = threadCPU()
        let value = try body()
        return (value, seconds(ContinuousClock.now - t0), threadCPU() - c0)
    }
}

/// Resident memory of this process from /proc/self/status, in MiB.
enum Memory {
    /// The peak resident set so far (VmHWM).
    static var peakMiB: Double { field("VmHWM") }
    /// The resident set now (VmRSS).
    static var currentMiB: Double { field("VmRSS") }

    private static func field(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return kb / 1024
        }
        return .nan
    }
}
