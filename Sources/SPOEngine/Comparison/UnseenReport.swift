import Foundation
public import SPOCore
public import SPOModelInterface

/// What `metaspo unseen` measured, as printed with `--json` and saved beside
/// the session (`<run>.unseen.json`); `compare` and `analyze` read it back.
public struct UnseenReport: Sendable, Codable, Hashable {
    public static let formatName = "metaspo-unseen"
    public static let currentVersion = 1

    /// One user prompt of a task.
    public struct UserPrompt: Sendable, Codable, Hashable {
        /// `P0` is the task's own prompt, then `P1`, `P2`, … in file order.
        public var id: String
        /// `task` (the task's own), `generated` (drawn APE-style) or `file` (given).
        public var origin: String
        public var text: String

        public init(id: String, origin: String, text: String) {
            self.id = id
            self.origin = origin
            self.text = text
        }
    }

    /// One system prompt on one task: per user prompt, and over all of them.
    public struct SystemResult: Sendable, Codable, Hashable {
        /// `optimized` for the prompt under test, else the baseline's name.
        public var name: String
        /// `optimized` or `baseline`.
        public var role: String
        /// Over every (user prompt, example) pair, scored with the task's metric.
        public var overall: ScoreEstimate
        /// In the order of the task's `userPrompts`.
        public var perPrompt: [ScoreEstimate]

        public init(name: String, role: String, overall: ScoreEstimate, perPrompt: [ScoreEstimate]) {
            self.name = name
            self.role = role
            self.overall = overall
            self.perPrompt = perPrompt
        }
    }

    public struct TaskResult: Sendable, Codable, Hashable {
        public var task: String
        public var metric: String
        /// Test examples per evaluation.
        public var examples: Int
        public var userPrompts: [UserPrompt]
        /// The optimized prompt first, then the baselines.
        public var systems: [SystemResult]
        /// User prompts under which the optimized prompt scores strictly higher
        /// than the default baseline, as a fraction with Wilson's interval (n = prompts).
        public var improved: ScoreEstimate
        /// Mean of (optimized − default) over the user prompts, t interval (n = prompts).
        public var gain: ScoreEstimate
        /// Per test question, (optimized − default) item credit averaged over the
        /// user prompts; mean with a t interval over the questions (n = questions).
        /// The paired test that says whether the system prompt helps on this task:
        /// with few user prompts `gain`'s interval is too wide to say anything.
        /// Nil in reports written before it existed.
        public var pairedGain: ScoreEstimate?
        /// The standard error of `pairedGain`'s mean (sd / √n, not rounded or
        /// clamped), for the mean over tasks.
        public var pairedStandardError: Double?

        public init(
            task: String, metric: String, examples: Int, userPrompts: [UserPrompt], systems: [SystemResult], improved: ScoreEstimate,
            gain: ScoreEstimate, pairedGain: ScoreEstimate? = nil, pairedStandardError: Double? = nil
        ) {
            self.task = task
            self.metric = metric
            self.examples = examples
            self.userPrompts = userPrompts
            self.systems = systems
            self.improved = improved
            self.gain = gain
            self.pairedGain = pairedGain
            self.pairedStandardError = pairedStandardError
        }

        public func system(_ name: String) -> SystemResult? { systems.first { $0.name == name } }
    }

    public var format = UnseenReport.formatName
    public var version = UnseenReport.currentVersion
    /// The session the optimized prompt came from (nil for `--system`).
    public var session: String?
    public var run: String?
    /// The row label in comparisons: the session's method, or `given` for `--system`.
    public var label: String
    /// The optimized prompt's id in its session, when known.
    public var systemID: String?
    public var systemText: String
    public var baselines: [BaselinePrompt]
    /// The base model as the cache knows it.
    public var model: String
    /// The base model as people know it.
    public var modelName: String
    /// Where the user prompts were read from or saved to.
    public var userPromptsFile: String?
    public var tasks: [TaskResult]
    /// Per system, the mean over tasks of its `overall` score.
    public var means: [String: ScoreEstimate]
    /// Over every user prompt of every task.
    public var improved: ScoreEstimate
    /// The mean over tasks of their per-question paired gains, with a normal
    /// 95% interval from their standard errors as for independent estimates
    /// (n = questions); one task's is its own.
    public var pairedGain: ScoreEstimate?
    public var usage: UsageSnapshot
    public var seconds: Double

    public init(
        session: String?, run: String?, label: String, systemID: String?, systemText: String, baselines: [BaselinePrompt], model: String,
        modelName: String, userPromptsFile: String?, tasks: [TaskResult], usage: UsageSnapshot, seconds: Double
    ) {
        self.session = session
        self.run = run
        self.label = label
        self.systemID = systemID
        self.systemText = systemText
        self.baselines = baselines
        self.model = model
        self.modelName = modelName
        self.userPromptsFile = userPromptsFile
        self.tasks = tasks
        var means: [String: ScoreEstimate] = [:]
        for name in ["optimized"] + baselines.map(\.name) {
            if let m = ScoreEstimate.mean(tasks.compactMap { $0.system(name)?.overall }) { means[name] = m }
        }
        self.means = means
        let hits = tasks.reduce(0) { $0 + Int(($1.improved.score * Double($1.improved.n)).rounded()) }
        self.improved = ScoreEstimate.fraction(hits, of: tasks.reduce(0) { $0 + $1.improved.n })
        self.pairedGain = Self.meanPairedGain(tasks)
        self.usage = usage
        self.seconds = seconds
    }

    static func meanPairedGain(_ tasks: [TaskResult]) -> ScoreEstimate? {
        let parts = tasks.compactMap { t in t.pairedGain.flatMap { g in t.pairedStandardError.map { (g, $0) } } }
        guard !parts.isEmpty, parts.count == tasks.count else { return nil }
        if parts.count == 1 { return parts[0].0 }
        let k = Double(parts.count)
        let mean = parts.reduce(0) { $0 + $1.0.score } / k
        let half = ScoreEstimate.z95 * parts.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot() / k
        return ScoreEstimate(score: mean, low: max(-1, mean - half), high: min(1, mean + half), n: parts.reduce(0) { $0 + $1.0.n })
    }

    /// System names in report order: `optimized`, then the baselines.
    public var systemNames: [String] { ["optimized"] + baselines.map(\.name) }

    /// Reads a saved report, refusing other files and newer versions.
    public static func read(path: String) throws(SPOError) -> UnseenReport {
        let text = try TextFile.read(path)
        do {
            let probe = try JSONDecoder().decode(Probe.self, from: Data(text.utf8))
            guard probe.format == formatName else {
                throw SPOError(file: path, field: "format", "is \(probe.format.map { "\"\($0)\"" } ?? "missing"), not \"\(formatName)\" (not a `metaspo unseen` result)")
            }
            if let v = probe.version, v > currentVersion {
                throw SPOError(file: path, field: "version", "\(v) is newer than this metaspo reads (\(currentVersion)); update metaspo")
            }
            return try JSONDecoder().decode(UnseenReport.self, from: Data(text.utf8))
        } catch let e as SPOError {
            throw e
        } catch {
            throw SPOError(file: path, "not a readable `metaspo unseen` result: \(Self.describe(error))")
        }
    }

    /// Whether a JSON file is an unseen report (by its `format` field).
    public static func isReport(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), let probe = try? JSONDecoder().decode(Probe.self, from: data) else { return false }
        return probe.format == formatName
    }

    /// Writes the report as pretty JSON through a temporary file.
    public func write(to path: String) throws {
        try Data((jsonText + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    struct Probe: Decodable {
        var format: String?
        var version: Int?
    }

    /// A decoding error in one line, with the field path.
    public static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "" : "\(p): "
        }
        switch e {
        case .keyNotFound(let key, let c): return "\(path(c))missing field \(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return "\(path(c))\(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
