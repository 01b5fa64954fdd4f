import Foundation
import SPOCore
import Testing

/// The small run every end-to-end test makes: two source tasks, one unseen
/// task, two iterations with two candidates of each kind.
enum RunFixture {
    static let sourceTasks = ["object_counting", "navigate"]
    static let unseenTasks = ["web_of_lies"]
    static var allTasks: [String] { sourceTasks + unseenTasks }

    static let knobs = [
        "--train-size", "12", "--test-size", "10", "--iterations", "2",
        "--user-candidates", "2", "--system-candidates", "2", "--top-k", "2",
    ]

    /// `metaspo run` against `baseURL`, writing its session into `sessionsDir`.
    static func runArgs(baseURL: String, sessionsDir: String) -> [String] {
        ["run", "--headless", "--yes"] + sourceTasks.flatMap { ["--task", $0] } + unseenTasks.flatMap { ["--unseen-task", $0] }
            + knobs + ["--base-url", baseURL, "--model", "sim", "--sessions-dir", sessionsDir]
    }

    static func resumeArgs(session: String, baseURL: String) -> [String] {
        ["resume", session, "--headless", "--base-url", baseURL, "--model", "sim"]
    }

    /// The one session file in a sessions folder, if it exists yet.
    static func sessionFile(in dir: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().first.map { dir + "/" + $0 }
    }

    /// Events in a session file as it is being written: its complete lines, less the header.
    static func completeEventLines(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return max(0, data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1)
    }

    /// Prints a child's output when a test fails on it.
    static func describe(_ exit: MetaspoChild.Exit) -> String {
        "status \(exit.status)\(exit.signalled ? " (signal)" : "")\n--- stdout (tail)\n\(exit.stdout.suffix(1500))\n--- stderr (tail)\n\(exit.stderr.suffix(3000))"
    }
}

/// What the tests read out of a finished session.
struct SessionFacts {
    var session: LoadedSession
    var bestSystemID: String?
    var candidateTexts: [String: String]
    /// The last `usage` event of each role.
    var lastUsage: [ModelRole: EngineEvent.Usage]
    var finished: Int
    var resumed: Int
    var warnings: [String]

    init(path: String) throws {
        session = try SessionReader.read(path: path)
        var texts: [String: String] = [:]
        var usage: [ModelRole: EngineEvent.Usage] = [:]
        var best: String?
        var finished = 0, resumed = 0
        var warnings: [String] = []
        for r in session.events {
            switch r.event {
            case .candidateCreated(let c): texts[c.id] = c.text
            case .usage(let u): usage[u.role] = u
            case .runFinished(let f):
                best = f.bestSystem
                finished += 1
            case .resumed: resumed += 1
            case .warning(let message): warnings.append(message)
            default: break
            }
        }
        bestSystemID = best
        candidateTexts = texts
        lastUsage = usage
        self.finished = finished
        self.resumed = resumed
        self.warnings = warnings
    }

    var bestSystemText: String? { bestSystemID.flatMap { candidateTexts[$0] } }

    /// The events that describe the search, as resume compares them (no
    /// timings, progress, usage or run ids): equal for two runs that searched alike.
    var structuralEvents: [EngineEvent] {
        session.events.compactMap { r -> EngineEvent? in
            switch r.event {
            case .candidateCreated, .analysisCreated, .candidateRejected, .selection, .phaseStarted, .phaseFinished, .command:
                return r.event
            case .evaluationFinished(var e):
                // Intervals are recomputed on resume; the measurement is what counts.
                e.low = nil
                e.high = nil
                return .evaluationFinished(e)
            default:
                return nil
            }
        }
    }

    /// `seq` is 1, 2, 3… with no gap or repeat.
    func expectContiguousSeq(_ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(session.sequenceProblems().isEmpty, "\(label): \(session.sequenceProblems().prefix(5))", sourceLocation: sourceLocation)
        #expect(session.events.first?.seq == 1, "\(label): first seq is \(session.events.first?.seq ?? -1)", sourceLocation: sourceLocation)
        #expect(session.events.last?.seq == session.events.count, "\(label): \(session.events.count) events end at seq \(session.events.last?.seq ?? -1)", sourceLocation: sourceLocation)
    }
}
