import Foundation
import SPOCore
import SPOTestSupport

/// Endpoint trouble at random (seeded) points of a run: each episode starts
/// once the session holds a chosen number of events. The seed comes from
/// `METASPO_FAULT_SEED` when set, so a failing plan can be replayed.
struct FaultPlan: CustomStringConvertible {
    enum Trouble: CustomStringConvertible {
        /// The next `count` matching requests get `fault`.
        case requests(SimulatedEndpoint.Fault, count: Int, target: SimulatedEndpoint.Target)
        /// Every matching request for `seconds` gets `fault`.
        case window(SimulatedEndpoint.Fault, seconds: Double, target: SimulatedEndpoint.Target)
        /// The endpoint stops listening for `seconds` (connections refused, open ones cut).
        case outage(seconds: Double)

        var description: String {
            switch self {
            case .requests(let f, let n, let t): "\(n)× \(Self.name(f)) (\(t))"
            case .window(let f, let s, let t): "\(Self.name(f)) for \(s) s (\(t))"
            case .outage(let s): "outage \(s) s"
            }
        }

        static func name(_ fault: SimulatedEndpoint.Fault) -> String {
            switch fault {
            case .status(let code, let retryAfter): retryAfter.map { "\(code) Retry-After \($0)" } ?? "\(code)"
            case .brokenJSON: "broken JSON"
            case .cut: "cut"
            case .cutMidBody: "cut mid-body"
            case .delay(let s): "\(s) s late"
            }
        }
    }

    struct Episode {
        /// Events in the session when it starts.
        var atEvents: Int
        var trouble: Trouble
    }

    let seed: UInt64
    var episodes: [Episode]

    var description: String {
        "seed \(seed): " + episodes.map { "@\($0.atEvents) \($0.trouble)" }.joined(separator: ", ")
    }

    /// The seed to use: `METASPO_FAULT_SEED`, else `fallback`.
    static func seed(_ fallback: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["METASPO_FAULT_SEED"].flatMap { UInt64($0) } ?? fallback
    }

    /// `count` episodes spread over a run of `events` events, each one of `kinds`
    /// (as made by the closure from the generator).
    init(seed: UInt64, events: Int, count: Int, kinds: [@Sendable (inout SeededRandom) -> Trouble]) {
        self.seed = seed
        var rng = SeededRandom(seed: seed, stream: "fault-plan")
        // Not in the first events (the header and run_started) nor the last ones.
        let points = (0..<count).map { _ in rng.int(in: 2...max(3, events * 9 / 10)) }.sorted()
        episodes = points.map { Episode(atEvents: $0, trouble: rng.pick(kinds)(&rng)) }
    }

    /// Faults the client retries through, so the run must come out as if there were none.
    static let transparentKinds: [@Sendable (inout SeededRandom) -> Trouble] = [
        // At most 6 in a row: with Retry-After 0 one request may meet them all, and
        // 7 attempts (max_retries 6) must be left with one that succeeds.
        { r in .requests(.status(429, retryAfter: "0"), count: r.int(in: 2...6), target: r.pick([.base, .any])) },
        { r in .window(.status(429, retryAfter: "1"), seconds: 0.3 + r.unit() * 0.7, target: r.pick([.base, .any])) },
        { r in .requests(.status(r.pick([500, 502, 503, 504])), count: r.int(in: 1...4), target: r.pick([.base, .optimizer, .any])) },
        // Retry-After 1 outlasts the window; with 0 a client rightly spends its retries inside it.
        { r in .window(.status(503, retryAfter: "1"), seconds: 0.2 + r.unit() * 0.4, target: .any) },
        { r in .requests(.delay(FaultRunConfig.timeoutSeconds + 1), count: r.int(in: 1...2), target: r.pick([.base, .optimizer])) },
        { r in .requests(.cut, count: r.int(in: 1...4), target: .any) },
        { r in .requests(.cutMidBody, count: r.int(in: 1...4), target: .any) },
        { r in .outage(seconds: 0.3 + r.unit() * 1.2) },
    ]
}

/// The run config of the fault tests: short timeouts, so a late reply costs little.
enum FaultRunConfig {
    // Long enough that a busy machine never trips it by itself (a spurious retry
    // would be counted as asking a call twice), short enough that a late reply costs little.
    static let timeoutSeconds = 4.0

    /// Writes a config file with these endpoint limits and returns its path.
    /// - Parameter extraEndpoint: a replica of the endpoint (one nothing listens
    ///   on refuses every request sent to it).
    static func write(in dir: String, maxRetries: Int = 6, extraEndpoint: String? = nil) throws -> String {
        let path = dir + "/faults.yaml"
        let extra = extraEndpoint.map { ", extra_endpoints: [\"\($0)\"]" } ?? ""
        let model = "{timeout_seconds: \(timeoutSeconds), max_retries: \(maxRetries)\(extra)}"
        try "base_model: \(model)\noptimizer_model: \(model)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
