import Foundation
public import SPOCore

/// What the commands that look back at a run (`unseen`, `compare`, `analyze`)
/// need from its session: the config it ran with, its tasks, its best system
/// prompt and its summary, and the result files written beside it.
public struct SessionDigest: Sendable {
    public var path: String
    public var config: RunConfig
    public var run: String
    public var method: String
    public var tasks: [EngineEvent.TaskInfo]
    public var models: [ModelRole: String]
    public var finished: Bool
    /// The id of the best system prompt in the session, when the events name one.
    public var bestSystemID: String?
    /// `<run>.prompt.txt` when it exists, else the best candidate's text.
    public var bestSystemText: String
    /// The initial system prompt (the `initial` system candidate).
    public var initialSystemText: String?
    /// `<run>.summary.json`, else the summary in `run_finished`; nil for an unfinished run.
    public var summary: RunSummary?
    /// Lines of the file a lenient read could not use, as `PATH:N: skipped: problem` (`LoadedSession.damageLines`, the first five and a count; a cut last line included).
    public var skippedLines: [String] = []

    /// The file name without `.jsonl`: `<stem>.prompt.txt`, `<stem>.summary.json` … sit beside it.
    public var stem: String { (path as NSString).deletingPathExtension }
    public var promptFile: String { stem + ".prompt.txt" }
    public var summaryFile: String { stem + ".summary.json" }
    public var unseenFile: String { resultStem + ".unseen.json" }
    public var userPromptsFile: String { resultStem + ".user-prompts.json" }

    /// Where results about the run (`unseen`, `analyze`) are written and looked
    /// for: beside the session, unless it is one of the checkout's recorded
    /// sessions (its `sessions/` folder) or in a folder metaspo cannot write; then
    /// `$XDG_DATA_HOME/metaspo/results/<run file name>`.
    public var resultStem: String {
        let dir = (path as NSString).deletingLastPathComponent
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        let shipped = Set(ResourceLocator.shippedRoots().map { canonical($0 + "/sessions") })
        if shipped.contains(canonical(dir)) || !FileManager.default.isWritableFile(atPath: dir) {
            return ResourceLocator.dataDirectory() + "/results/" + ((stem as NSString).lastPathComponent)
        }
        return stem
    }

    public var sourceTasks: [EngineEvent.TaskInfo] { tasks.filter { $0.role == .source } }
    public var unseenTasks: [EngineEvent.TaskInfo] { tasks.filter { $0.role == .unseen } }

    /// Reads a session (leniently: a cut-off last line is fine).
    public static func read(path given: String) throws(SPOError) -> SessionDigest {
        // Absolute, so files beside a session named without a folder ("run.jsonl")
        // have a folder to be written to.
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        let loaded = try SessionReader.read(path: path, mode: .lenient)
        let state = RunModel(folding: loaded.events)
        guard let run = state.runID, let method = state.method else {
            throw SPOError(file: path, "the session has no run_started event (an empty or foreign file)")
        }
        let config: RunConfig
        do {
            let data = try JSONEncoder().encode(loaded.header.config)
            config = try JSONDecoder().decode(RunConfig.self, from: data)
        } catch {
            throw SPOError(file: path, line: 1, field: "config", "cannot be read back as a run config: \(UnseenReport.describe(error))")
        }
        let stem = (path as NSString).deletingPathExtension
        let bestID = state.bestSoFar
        var best = bestID.flatMap { state.candidates[$0]?.text }
        if let file = try? TextFile.read(stem + ".prompt.txt") {
            let trimmed = file.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { best = trimmed }
        }
        guard let bestText = best else {
            throw SPOError(file: path, "the session has no system prompt yet (it stopped before its first candidate)")
        }
        let initial = state.order.compactMap { state.candidates[$0] }.first { $0.kind == .system && $0.origin == .initial }?.text
        var summary: RunSummary?
        if FileManager.default.fileExists(atPath: stem + ".summary.json") {
            do {
                summary = try JSONDecoder().decode(RunSummary.self, from: Data(TextFile.read(stem + ".summary.json").utf8))
            } catch {
                throw SPOError(file: stem + ".summary.json", "not a readable run summary: \(UnseenReport.describe(error))")
            }
        } else if let json = state.summary {
            do {
                summary = try JSONDecoder().decode(RunSummary.self, from: Data(json.compactText.utf8))
            } catch {
                throw SPOError(file: path, field: "run_finished.summary", "not a readable run summary: \(UnseenReport.describe(error))")
            }
        }
        var digest = SessionDigest(
            path: path, config: config, run: run, method: method == config.method.rawValue ? config.methodLabel : method, tasks: state.tasks, models: state.models, finished: state.finished,
            bestSystemID: bestID, bestSystemText: bestText, initialSystemText: initial, summary: summary)
        digest.skippedLines = loaded.damageLines(limit: 5)
        return digest
    }
}
