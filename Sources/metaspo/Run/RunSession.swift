import Foundation
import SPOCore
import SPOEngine
import SPOModels

/// What the commands that run an engine do the same way, written once: the
/// config as a session records it and the engine's setup over a model stack
/// with the base requests it keeps in flight (`run`, `resume`, `analyze
/// scaling`, `adapt`, and `eval`'s evaluator), and the session file created or
/// continued by name (`analyze scaling`, `adapt`; `run` creates its session and
/// `resume` continues the one it is given).
enum RunSession {
    /// The config as a session records it: JSON with secrets redacted.
    static func recordedConfig(_ cfg: RunConfig) -> JSONValue {
        ((try? JSONValue.encoding(cfg)) ?? [:]).redacted()
    }

    /// Base requests in flight: the embedded server's slots plus one waiting
    /// (so a slot never idles between two requests), or the endpoints' limit.
    static func baseConcurrency(_ cfg: RunConfig, _ stack: ModelStack) -> Int {
        cfg.base.usesLocalModel ? (stack.local?.parallelSlots ?? 1) + 1 : max(1, cfg.base.maxInFlight) * (1 + cfg.base.extraEndpoints.count)
    }

    /// The session at `directory/runID.jsonl`, continued when it exists (its
    /// events come back to resume from), else a new one.
    static func openOrResume(directory: String, runID: String, config cfg: RunConfig) throws -> (writer: SessionWriter, history: [EventRecord]) {
        let path = (directory as NSString).appendingPathComponent(runID + ".jsonl")
        let secrets = RunDriver.secrets(cfg)
        if FileManager.default.fileExists(atPath: path) {
            let (writer, session) = try SessionWriter.resume(path: path, scrub: secrets)
            return (writer, session.events)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (try SessionWriter.create(directory: directory, runID: runID, config: recordedConfig(cfg), scrub: secrets), [])
    }

    /// The engine's setup over `stack`, with the config recorded and the base
    /// concurrency the endpoints serve.
    static func setup(
        _ cfg: RunConfig, source: [SPOTask], unseen: [SPOTask] = [], stack: ModelStack, prompts: MetaPromptSet, meter: UsageMeter?,
        runID: String, modelNames: [ModelRole: String], testEachIteration: Bool = false
    ) -> EngineSetup {
        EngineSetup(
            config: cfg, sourceTasks: source, unseenTasks: unseen, base: stack.base, optimizer: stack.optimizer,
            prompts: prompts, meter: meter, runID: runID, modelNames: modelNames,
            configJSON: recordedConfig(cfg), baseConcurrency: baseConcurrency(cfg, stack), testEachIteration: testEachIteration)
    }
}
