import Foundation
import SPOCore
import SPOEngine
import SPOModels

/// Runs an engine for `run` and `resume`: models, session, signals, output.
struct RunDriver {
    enum Output { case human, events, json, dashboard }

    var config: RunConfig
    var sourceTasks: [SPOTask]
    var unseenTasks: [SPOTask]
    var localModel: LocalModelChoice
    var output: Output
    /// Asked in the dashboard before the engine starts (a projected cost above
    /// `confirm_above_usd`); headless runs are refused before this point instead.
    var confirmation: StartConfirmation? = nil

    /// The API keys in use, so the session writer can scrub them from any line.
    static func secrets(_ cfg: RunConfig) -> [String] {
        var out: [String] = []
        for s in [cfg.base, cfg.optimizer] {
            if let key = try? APIKey.resolve(env: s.apiKeyEnv, file: s.apiKeyFile) { out.append(key.value) }
        }
        return out
    }

    /// Runs to the end (or a stop) with events going to `sink`; returns the exit code.
    func run(runID: String, sink: SessionFileSink, resumeFrom records: [EventRecord] = []) async throws -> Int32 {
        let prompts = try MetaPromptSet.load(overrides: config.promptTemplates)
        // Endpoint trouble becomes `warning` events once the engine exists.
        let relay = WarningRelay()
        let stack: ModelStack
        do {
            stack = try await ModelFactory.makeStack(
                config: config,
                options: .init(
                    cachePath: ModelOptions.cachePath(config),
                    onWarning: { await relay.deliver($0) },
                    progress: { line in Console.stderr("  \(line)\n") },
                    startLocal: ModelFactory.embeddedStarter(model: localModel, draft: LocalDraft(config: config), runtime: LocalServerRuntime(config: config))))
        } catch let error as LocalModelError {
            throw SPOError(error.description)
        } catch let error as ModelError {
            throw SPOError(error.message)
        }
        var names: [ModelRole: String] = [:]
        // The embedded model is named as users know it; its GGUF hash stays in the cache key.
        names[.base] = config.base.usesLocalModel ? "\(stack.local?.modelName ?? "local") (local)" : stack.base.identity
        names[.optimizer] = config.optimizer.usesLocalModel ? "\(stack.local?.modelName ?? "local") (local)" : stack.optimizer.identity
        let setup = RunSession.setup(
            config, source: sourceTasks, unseen: unseenTasks, stack: stack, prompts: prompts, meter: stack.meter, runID: runID, modelNames: names)
        let engine = Engine(setup: setup, sink: sink, resumeFrom: records)
        await relay.attach(engine)
        let stops = StopRequests()
        let signals = Self.handleSignals(engine, stops: stops)
        defer { SignalRelay.shared.unsubscribe(signals) }

        let output = self.output
        let printer: Task<Void, Never>
        let answer = StartAnswer()
        if output == .dashboard {
            printer = DashboardRunner.start(
                engine: engine, setup: setup, sessionPath: sink.path, history: records, stops: stops, confirm: confirmation, answer: answer)
        } else {
            printer = Task {
                var headless = HeadlessPrinter()
                for await record in engine.events {
                    switch output {
                    case .human: if let line = headless.line(for: record) { print(line) }
                    case .events: print(record.jsonLine)
                    case .json, .dashboard: break
                    }
                    fflush(nil)
                }
            }
        }
        /// Once per run, whichever way it ends: the printer drains, the model servers stop, the session closes.
        func tearDown() async {
            await printer.value
            await stack.shutdown()
            try? sink.close()
        }
        if let confirmation, output == .dashboard, await !answer.wait() {
            // Declined: nothing was called; the session holds only its header, so it goes.
            await engine.abandon()
            await tearDown()
            try? FileManager.default.removeItem(atPath: sink.path)
            let log = DashboardRunner.logPath(sessionPath: sink.path)
            if (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) == 0 { try? FileManager.default.removeItem(atPath: log) }
            Console.stderr("not started: \(confirmation.text)\n")
            return 1
        }
        let outcome: EngineOutcome
        do {
            outcome = try await engine.run()
        } catch {
            await tearDown()
            // The engine logged the error and a resumable stop: say how to go on once the cause is fixed.
            Console.stderr("the session is kept; once fixed, continue with: metaspo resume \(sink.path)\n")
            throw error
        }
        await tearDown()

        switch outcome {
        case .finished(let summary):
            let files = try Self.writeOutputs(summary, sessionPath: sink.path)
            switch self.output {
            case .json: try Console.printJSON(summary)
            case .events: break
            case .human, .dashboard:
                print("")
                // The prompts in it came from a model: shown inertly (the .summary.md file is exact).
                print(TerminalText.inert(summary.markdown))
                print("Session: \(sink.path)")
                print("Optimized system prompt: \(files.prompt)")
                print("Summary: \(files.markdown), \(files.json)")
            }
            return 0
        case .stopped(let reason):
            Console.stderr("stopped (\(reason)); continue with: metaspo resume \(sink.path)\n")
            return 3
        }
    }

    /// The optimized prompt and the summary, next to the session file.
    static func writeOutputs(_ summary: RunSummary, sessionPath: String) throws -> (prompt: String, markdown: String, json: String) {
        let stem = (sessionPath as NSString).deletingPathExtension
        let prompt = stem + ".prompt.txt", md = stem + ".summary.md", json = stem + ".summary.json"
        try (summary.bestSystemText + "\n").write(toFile: prompt, atomically: true, encoding: .utf8)
        try summary.markdown.write(toFile: md, atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(summary).write(to: URL(fileURLWithPath: json), options: .atomic)
        return (prompt, md, json)
    }

    /// First Ctrl-C, SIGTERM or SIGHUP: stop cleanly after the calls in flight
    /// (the run stays resumable). Another one after any stop request (a signal,
    /// or `q` in the dashboard): stop the local server and quit at once; the
    /// terminal is restored on the way out (`TerminalGuard`'s exit hook).
    static func handleSignals(_ engine: Engine, stops: StopRequests) -> SignalRelay.Subscription {
        atexit { LocalServerRegistry.stopAll() }
        return SignalRelay.shared.subscribe { sig in
            if stops.record() == 1 {
                Console.stderr("\nstopping after the calls in flight… (again to quit at once)\n")
                Task { await engine.send(.stop) }
            } else {
                LocalServerRegistry.stopAll()
                exit(128 + sig)
            }
        }
    }
}

/// Sends warnings to the engine, or to stderr before there is one.
actor WarningRelay {
    private var engine: Engine?

    func attach(_ engine: Engine) { self.engine = engine }

    func deliver(_ message: String) async {
        if let engine { await engine.warn(message) } else { Console.warn([message]) }
    }
}

/// How many times a stop was asked for (signals and the dashboard's quit):
/// the first stops cleanly, any later signal quits at once.
final class StopRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Counts one more request; returns the count so far.
    func record() -> Int { lock.withLock { count += 1; return count } }
}
