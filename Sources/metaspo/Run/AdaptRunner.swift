import Foundation
import SPOCore
import SPOEngine
import SPOModels

/// Test-time adaptation (`metaspo adapt`): for each unseen task, `protegi`
/// optimizes the task's user prompt on its train split under a fixed system
/// prompt — the one under test, and the default for comparison — and the best
/// user prompt is scored on the test split after every iteration.
///
/// Each (task, system prompt) adaptation is a normal session
/// (`adapt-<task>-<hash>.jsonl` in the sessions folder), so it can be replayed
/// and resumed. A finished session with the same name (same task, system prompt
/// and search settings) is read back as it is; an unfinished one is resumed.
struct AdaptRunner {
    var target: PromptTargetOptions.Target
    var local: LocalModelChoice
    /// Shown on stderr as the runs go.
    var progress: Bool = true

    /// The two arms: the system prompt under test, and the default.
    var arms: [(label: String, system: String)] {
        [("optimized", target.systemText), ("default", RunConfig.defaultSystemPrompt)]
    }

    var directory: String { target.config.sessionsDir ?? ResourceLocator.dataDirectory() + "/sessions" }

    /// The config of one adaptation run: `protegi` on the task alone, starting
    /// from its own user prompt under `system`.
    func config(task: SPOTask, system: String) -> RunConfig {
        var c = target.config
        c.method = .protegi
        c.metaTrainTasks = [Self.reference(task, c)]
        c.metaTestTasks = []
        c.initialSystemPrompt = system
        return c
    }

    /// How a session names the task so `resume` finds it again.
    static func reference(_ task: SPOTask, _ cfg: RunConfig) -> String {
        if cfg.taskSpecs[task.name] != nil { return task.name }
        if case .file(let path) = task.source { return path }
        return task.name
    }

    /// A name that changes with anything that changes the search, and not with
    /// where the models are served or where files go.
    func runID(task: SPOTask, system: String) -> String {
        var c = config(task: task, system: system)
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
        let safe = task.name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        return "adapt-\(String(safe))-" + String(SHA256.hex(text).prefix(10))
    }

    func run() async throws -> AdaptReport {
        let started = ContinuousClock.now
        let cfg = target.config
        let stack = try await EvaluationModels.start(cfg, roles: [.base, .optimizer], local: local)
        do {
            var tasks: [AdaptReport.TaskResult] = []
            for task in target.unseenTasks {
                var result = AdaptReport.TaskResult(task: task.name, metric: task.metric.rawValue, arms: [])
                for arm in arms {
                    let (path, curve) = try await adapt(task, system: arm.system, label: arm.label, stack: stack)
                    result.arms.append(.init(label: arm.label, session: path, curve: curve))
                }
                tasks.append(result)
            }
            let usage = await stack.meter.snapshot()
            await stack.shutdown()
            let elapsed = ContinuousClock.now - started
            return AdaptReport(
                systemText: target.systemText, title: target.title, iterations: cfg.iterations, trainSize: cfg.trainSize,
                testSize: cfg.testSize, modelName: EvaluationModels.baseName(cfg, stack), tasks: tasks, usage: usage,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        } catch {
            await stack.shutdown()
            throw EvaluationModels.clear(error)
        }
    }

    /// Runs (or reads back, or resumes) one adaptation and returns its session and curve.
    func adapt(_ task: SPOTask, system: String, label: String, stack: ModelStack) async throws -> (String, AdaptationCurve) {
        let id = runID(task: task, system: system)
        let path = (directory as NSString).appendingPathComponent(id + ".jsonl")
        let cfg = config(task: task, system: system)
        if FileManager.default.fileExists(atPath: path) {
            let session = try SessionReader.read(path: path, mode: .lenient)
            if session.events.contains(where: { if case .runFinished = $0.event { true } else { false } }) {
                note("\(task.name) under the \(label) system prompt: finished earlier, \(path)")
                return (path, AdaptationCurve.read(session.events.map(\.event), task: task.name))
            }
        }
        let (writer, history) = try RunSession.openOrResume(directory: directory, runID: id, config: cfg)
        note(history.isEmpty ? "\(task.name) under the \(label) system prompt → \(writer.path)" : "\(task.name) under the \(label) system prompt: resuming \(path)")
        let sink = SessionFileSink(writer: writer, scrub: RunDriver.secrets(cfg))
        defer { try? sink.close() }
        // The stack's usage meter counts the whole command, so sessions get no
        // usage events of their own; the command prints the total.
        let setup = RunSession.setup(
            cfg, source: [task], stack: stack, prompts: try MetaPromptSet.load(overrides: cfg.promptTemplates), meter: nil, runID: id,
            modelNames: [.base: EvaluationModels.baseName(cfg, stack), .optimizer: cfg.optimizer.model ?? stack.optimizer.identity],
            testEachIteration: true)
        let engine = Engine(setup: setup, sink: sink, resumeFrom: history)
        let signals = RunDriver.handleSignals(engine, stops: StopRequests())
        defer { SignalRelay.shared.unsubscribe(signals) }
        let show = progress
        let printer = Task {
            var headless = HeadlessPrinter()
            var events: [EngineEvent] = history.map(\.event)
            for await record in engine.events {
                events.append(record.event)
                if show, let line = headless.line(for: record) { Console.stderr("  \(task.name)/\(label) \(line)\n") }
            }
            return events
        }
        let outcome = try await engine.run()
        let events = await printer.value
        switch outcome {
        case .finished(let summary):
            _ = try RunDriver.writeOutputs(summary, sessionPath: writer.path)
            return (writer.path, AdaptationCurve.read(events, task: task.name))
        case .stopped(let reason):
            throw SPOError(file: writer.path, "the adaptation of \(task.name) stopped (\(reason)); run the command again to resume it")
        }
    }

    private func note(_ line: String) {
        if progress { Console.stderr("\(line)\n") }
    }
}
