import Foundation
import SPOCore
import SPODashboard
import SPOEngine
import SPOTerminal

/// The dashboard on a live engine, for `metaspo run` without `--headless`.
///
/// `RunDriver` starts it in place of the headless printer: it consumes
/// `engine.events`, draws them, and sends the keys' commands to the engine.
/// The task it returns ends when the dashboard is closed (the user quits, or a
/// signal arrives); after a finished run it stays open until the user quits.
enum DashboardRunner {
    /// Whether a dashboard can open: stdin and stdout are terminals.
    static var available: Bool {
        isatty(0) != 0 && isatty(1) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Where the process's output goes while the dashboard is up.
    static func logPath(sessionPath: String) -> String {
        (sessionPath as NSString).deletingPathExtension + ".dashboard.log"
    }

    /// The train questions of each source task, so the analysis pane can show
    /// the question behind each wrong example (events carry only its index).
    static func questions(config: RunConfig, tasks: [SPOTask]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for t in tasks {
            out[t.name] = TaskSplit(task: t, trainSize: config.trainSize, testSize: config.testSize, seed: config.seed).train.map(\.question)
        }
        return out
    }

    /// Starts the dashboard on `engine` (call before `engine.run()`). `history`
    /// is what the session already holds when a run is resumed: the engine does
    /// not send those events again, so the dashboard folds them first.
    /// With `confirm`, the dashboard first asks whether to start (`answer` gets
    /// the reply, false if it closes without one).
    static func start(
        engine: Engine, setup: EngineSetup, sessionPath: String, history: [EventRecord] = [], stops: StopRequests,
        confirm: StartConfirmation? = nil, answer: StartAnswer? = nil
    ) -> Task<Void, Never> {
        let inbox = EventInbox()
        let forward = Task {
            for await record in engine.events { inbox.push(record) }
            inbox.close()
        }
        let config = setup.config
        let questions = questions(config: config, tasks: setup.sourceTasks)
        let log = logPath(sessionPath: sessionPath)
        // One FIFO to the engine: two quick keys (pin, then prune) arrive in the order pressed.
        let (commands, commandSink) = AsyncStream<EngineCommand>.makeStream(bufferingPolicy: .unbounded)
        let deliver = Task {
            for await c in commands { await engine.send(c) }
        }
        return Task {
            let outcome: String? = await DashboardThread.run {
                var state = DashboardState(mode: .live)
                state.questions = questions
                state.apply(history)
                if let confirm { state.ui.overlay = .confirmStart(confirm.text) }
                var theme = Theme.dark
                do {
                    theme = try ThemeLoader.load(config.theme)
                } catch {
                    state.showMessage("theme: \(error); using dark")
                }
                let loop = DashboardLoop(theme: theme, noColor: ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false, logPath: log)
                var clock = LiveClock()
                do {
                    _ = try loop.run(&state, inbox: inbox, tick: { clock.tick(&$0) }) { command, state, terminal in
                        if case .startConfirmed(let yes) = command {
                            answer?.give(yes)
                            return yes
                        }
                        return handle(command, state: &state, terminal: terminal, send: { commandSink.yield($0) }, stops: stops)
                    }
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            if let outcome {
                Console.stderr("dashboard: \(outcome); the run goes on without it\n")
            }
            // Closed before answering the start question: the run does not start.
            if confirm != nil { answer?.give(false) }
            if outcome == nil, confirm == nil || answer?.given == true, await !engine.hasEnded {
                // Closed while the run goes on (quit sends a stop): say so on the restored terminal.
                Console.stderr("stopping after the calls in flight… (Ctrl-C to quit at once)\n")
            }
            // Keep the engine's stream drained until the run ends.
            _ = await forward.value
            commandSink.finish()
            _ = await deliver.value
        }
    }

    /// Carries out a command from the keys; false closes the dashboard.
    /// `send` queues an engine command; the queue delivers them in order.
    static func handle(
        _ command: DashboardCommand, state: inout DashboardState, terminal: CursesTerminal, send: (EngineCommand) -> Void, stops: StopRequests
    ) -> Bool {
        switch command {
        case .quit: return false
        case .engine(let c):
            // So that Ctrl-C after quitting mid-run quits at once, as the note says.
            if case .stop = c { _ = stops.record() }
            send(c)
        case .edit(let kind, let task):
            // Start from the prompt in use, which is what one usually wants to vary.
            let current = kind == .system ? state.run.currentSystem : task.flatMap { state.run.kept[$0]?.first }
            let start = current.flatMap { state.run.candidates[$0]?.text } ?? ""
            guard ExternalEditor.command != nil else {
                state.openInlineEditor(kind: kind, task: task, text: start)
                return true
            }
            let hint = kind == .system ? "A new system prompt." : "A new user prompt for \(task ?? "?"); it must contain {question}."
            let text = terminal.suspend { ExternalEditor.edit(start, hint: hint) } ?? ""
            if text.isEmpty || text == start.trimmingCharacters(in: .whitespacesAndNewlines) {
                state.showMessage("nothing added")
            } else {
                // The inline editor's checks; a refused text reopens there.
                for command in state.submitEdited(kind: kind, task: task, text: text) {
                    if case .engine(let c) = command { send(c) }
                }
            }
        case .export(let id): export(id, state: &state)
        case .step, .seekIteration, .startConfirmed: break
        }
        return true
    }

    static func export(_ id: String, state: inout DashboardState) {
        guard let c = state.run.candidates[id] else { return }
        do {
            let path = try PromptExporter.export(c.text, run: state.run.runID, id: id)
            state.showMessage("exported \(id) to \(path)")
        } catch {
            state.showMessage("export failed: \(error.localizedDescription)")
        }
    }
}

/// A live run's elapsed time between events: the last event's `t` plus the
/// wall time since it arrived, frozen while paused or over.
struct LiveClock {
    var lastT = -1.0
    var arrived = ContinuousClock.now

    mutating func tick(_ state: inout DashboardState) -> Bool {
        let now = ContinuousClock.now
        if state.run.lastT != lastT {
            lastT = state.run.lastT
            arrived = now
        }
        let before = state.ui.clock ?? 0
        if state.run.isOver || state.run.paused {
            state.ui.clock = state.run.lastT
        } else {
            let d = now - arrived
            state.ui.clock = state.run.lastT + Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        return before.rounded(.down) != (state.ui.clock ?? 0).rounded(.down)
    }
}
