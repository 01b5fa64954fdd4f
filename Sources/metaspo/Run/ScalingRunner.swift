import Foundation
import SPOCore
import SPOEngine
import SPOModels

/// Runs one method with the first 1, 2, … N source tasks of a config, each a
/// normal session (`scaling-k<k>-<hash>.jsonl` in the sessions folder), for
/// `metaspo analyze scaling --config`. A finished session with the same name —
/// the same config and k — is reused as it is; an unfinished one is resumed.
struct ScalingRunner {
    /// The run's config, tasks already written as `resume` finds them.
    var config: RunConfig
    var sourceTasks: [SPOTask]
    var unseenTasks: [SPOTask]
    var local: LocalModelChoice

    var directory: String { config.sessionsDir ?? ResourceLocator.dataDirectory() + "/sessions" }

    /// The config of the run with the first `k` source tasks.
    func config(k: Int) -> RunConfig {
        var c = config
        c.metaTrainTasks = Array(config.metaTrainTasks.prefix(k))
        return c
    }

    /// A name that changes with anything that changes the search, and not with
    /// where the models are served or where files go.
    func runID(k: Int) -> String {
        var c = config(k: k)
        for role in [\RunConfig.base, \RunConfig.optimizer] {
            c[keyPath: role].baseURL = nil
            c[keyPath: role].extraEndpoints = []
            c[keyPath: role].apiKeyEnv = ""
            c[keyPath: role].apiKeyFile = nil
            c[keyPath: role].maxInFlight = 0
        }
        c.sessionsDir = nil
        c.cacheDir = nil
        c.noCache = false
        c.budget = RunConfig().budget
        let text = (try? JSONValue.encoding(c))?.compactText ?? ""
        return "scaling-k\(k)-" + String(SHA256.hex(text).prefix(10))
    }

    /// Runs (or reuses) the session with `k` source tasks; returns its path and
    /// whether it was reused without running anything.
    func run(k: Int) async throws -> (path: String, reused: Bool) {
        let id = runID(k: k)
        let path = (directory as NSString).appendingPathComponent(id + ".jsonl")
        let cfg = config(k: k)
        if FileManager.default.fileExists(atPath: path), try SessionDigest.read(path: path).finished { return (path, true) }
        let (writer, history) = try RunSession.openOrResume(directory: directory, runID: id, config: cfg)
        if history.isEmpty {
            Console.stderr("k=\(k): \(sourceTasks.prefix(k).map(\.name).joined(separator: ", ")) → \(writer.path)\n")
        } else {
            Console.stderr("k=\(k): resuming \(path)\n")
        }
        let sink = SessionFileSink(writer: writer, scrub: RunDriver.secrets(cfg))
        let stack = try await EvaluationModels.start(cfg, roles: [.base, .optimizer], local: local)
        do {
            let setup = RunSession.setup(
                cfg, source: Array(sourceTasks.prefix(k)), unseen: unseenTasks, stack: stack,
                prompts: try MetaPromptSet.load(overrides: cfg.promptTemplates), meter: stack.meter, runID: id,
                modelNames: [.base: stack.base.identity, .optimizer: stack.optimizer.identity])
            let engine = Engine(setup: setup, sink: sink, resumeFrom: history)
            let printer = Task {
                var headless = HeadlessPrinter()
                for await record in engine.events {
                    if let line = headless.line(for: record) { Console.stderr("  k=\(k) \(line)\n") }
                }
            }
            let outcome = try await engine.run()
            await printer.value
            await stack.shutdown()
            try? sink.close()
            switch outcome {
            case .finished(let summary):
                _ = try RunDriver.writeOutputs(summary, sessionPath: writer.path)
                return (writer.path, false)
            case .stopped(let reason):
                throw SPOError(file: writer.path, "the run with \(k) source task(s) stopped (\(reason)); run the analysis again to resume it")
            }
        } catch {
            await stack.shutdown()
            try? sink.close()
            throw EvaluationModels.clear(error)
        }
    }
}
