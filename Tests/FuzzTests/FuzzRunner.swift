import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Feeds a parser `FuzzSettings.count` inputs from a `Mutator`, one at a time, on
/// a thread of its own with the 8 MiB stack every thread of the real program has.
///
/// A crash kills the test process, so it is reported from the signal handler:
/// the parser, the input's number and the seed go to stderr and the input is
/// saved to `FuzzSettings.savePath`. A watchdog treats an input that runs past
/// `FuzzSettings.deadline` as a hang, reports and saves it the same way, and
/// aborts. Inputs run one after another (the crash report has one slot).
enum FuzzRunner {
    /// What a parser made of its inputs.
    struct Report: CustomStringConvertible {
        var name: String
        var inputs = 0
        /// Inputs the parser took, and those it refused with an error.
        var accepted = 0
        var rejected = 0
        var slowest: Duration = .zero
        var slowestInput = 0
        var bytes = 0
        /// Broken properties (not crashes): "input #N: what".
        var failures: [String] = []
        var elapsed: Duration = .zero

        var description: String {
            let ms = Double(slowest.components.attoseconds) / 1e15 + Double(slowest.components.seconds) * 1000
            return "fuzz \(name): \(inputs) inputs (seed \(FuzzSettings.seed)), \(accepted) accepted, \(rejected) refused, "
                + "\(bytes / 1024) KiB, slowest \(String(format: "%.1f", ms)) ms (#\(slowestInput)), \(failures.count) broken properties, \(elapsed)"
        }
    }

    /// What one input did: refused (the body threw), or accepted with any
    /// broken property named.
    typealias Body = @Sendable ([UInt8]) throws -> String?

    /// Runs `body` over `count` inputs of `mutator`.
    static func run(_ name: String, count: Int = FuzzSettings.count, mutator: Mutator, body: @escaping Body) async -> Report {
        CrashReport.install()
        Watchdog.shared.start()
        return await withCheckedContinuation { (done: CheckedContinuation<Report, Never>) in
            let box = MutatorBox(mutator)
            let thread = Thread {
                CrashReport.prepareThread()
                done.resume(returning: loop(name, count: count, mutator: box, body: body))
            }
            thread.name = "fuzz-\(name)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private static func loop(_ name: String, count: Int, mutator box: MutatorBox, body: Body) -> Report {
        var report = Report(name: name)
        CrashReport.setLabel("\(name) (METASPO_FUZZ_SEED=\(FuzzSettings.seed))")
        let clock = ContinuousClock()
        let began = clock.now
        for index in 0..<count {
            let input = box.mutator.next()
            if let only = FuzzSettings.only, index != only {
                report.inputs += 1
                continue
            }
            if FuzzSettings.only != nil { print("fuzz \(name): input #\(index): \(preview(input))") }
            CrashReport.remember(input, index: index)
            let started = clock.now
            Watchdog.shared.begin(name, index: index, input: input)
            do {
                if let broken = try body(input) {
                    report.failures.append("input #\(index): \(broken) — input: \(preview(input))")
                }
                report.accepted += 1
            } catch {
                report.rejected += 1
            }
            Watchdog.shared.end()
            let took = clock.now - started
            if took > report.slowest {
                report.slowest = took
                report.slowestInput = index
            }
            report.inputs += 1
            report.bytes += input.count
        }
        report.elapsed = clock.now - began
        return report
    }

    /// The start of an input, printable.
    static func preview(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(300), as: UTF8.self)
        return "\"" + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
            + (input.count > 300 ? "…\" (\(input.count) bytes)" : "\"")
    }
}

/// Lets the fuzz thread own the mutator (it is used by that thread alone).
private final class MutatorBox: @unchecked Sendable {
    var mutator: Mutator
    init(_ m: Mutator) { mutator = m }
}

/// Reports an input that runs too long, then aborts: a hang never returns.
final class Watchdog: @unchecked Sendable {
    static let shared = Watchdog()
    private let lock = NSLock()
    private var current: (name: String, index: Int, started: ContinuousClock.Instant, input: [UInt8])?
    private var running = false

    func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        running = true
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.25)
                check()
            }
        }
        thread.name = "fuzz-watchdog"
        thread.start()
    }

    func begin(_ name: String, index: Int, input: [UInt8]) {
        lock.withLock { current = (name, index, ContinuousClock.now, input) }
    }

    func end() {
        lock.withLock { current = nil }
    }

    private func check() {
        guard let c = lock.withLock({ current }), ContinuousClock.now - c.started > .milliseconds(Int(FuzzSettings.deadline * 1000)) else { return }
        _ = FileManager.default.createFile(atPath: FuzzSettings.savePath, contents: Data(c.input))
        let message = "\nfuzz: \(c.name) input #\(c.index) (METASPO_FUZZ_SEED=\(FuzzSettings.seed)) ran past \(FuzzSettings.deadline) s: a hang. "
            + "Input saved to \(FuzzSettings.savePath): \(FuzzRunner.preview(c.input))\n"
        FileHandle.standardError.write(Data(message.utf8))
        abort()
    }
}
