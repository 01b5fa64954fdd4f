import ArgumentParser
import Foundation
import SPOCore
import SPOBuiltins
import SPODashboard
import SPOTerminal

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a saved session in the dashboard, or fold it headless.",
        discussion: """
            Plays the session's events at their recorded pace times --speed. Keys: space
            pauses, + and - change the speed, . steps one event, ] and [ jump to the next
            or previous iteration, ? lists the rest. Pin, prune and add need a live run.
            Examples:
              metaspo replay sessions/quick-qwen1.5b.jsonl
              metaspo replay run.jsonl --speed instant
              metaspo replay run.jsonl --headless --json > state.json
            """)

    @Argument(help: "The session file (.jsonl), or its run id from `metaspo sessions list`.") var session: String
    @Option(help: "Playback speed: 0.5 to 100 times the recorded pace, or 'instant'.") var speed: String = "10"
    @Option(help: "Dashboard theme: dark, light, mono, or a theme file.") var theme: String?
    @Flag(help: "Print the events as lines instead of opening the dashboard.") var headless = false
    @Flag(help: "Print one JSON document with the folded state of the session.") var json = false

    func validate() throws {
        _ = try parsedSpeed()
    }

    func parsedSpeed() throws -> Double {
        switch speed.lowercased() {
        case "instant", "max", "inf": return .infinity
        default:
            let trimmed = speed.hasSuffix("x") ? String(speed.dropLast()) : speed
            guard let v = Double(trimmed), v >= 0.5, v <= 100 else {
                throw ValidationError("--speed must be between 0.5 and 100, or 'instant' (got \(speed))")
            }
            return v
        }
    }

    func run() async throws {
        let path = try SessionArgument.resolve(session)
        let loaded = try SessionReader.read(path: path, mode: .lenient)
        let damage = SessionArgument.damage(loaded, path: path)
        Console.warn(damage)

        if json {
            try Console.printJSON(RunModel(folding: loaded.events).jsonValue)
            return
        }
        if headless {
            var printer = HeadlessPrinter()
            for r in loaded.events {
                if let line = printer.line(for: r) { print(line) }
            }
            return
        }
        guard DashboardRunner.available else {
            throw ValidationError("replay opens a dashboard and needs a terminal; use --headless or --json in scripts")
        }
        let theme = try ThemeLoader.load(theme ?? loadedTheme(loaded))
        let speed = try parsedSpeed()
        let questions = Self.questions(loaded)
        let records = loaded.events
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        // Anything printed while the dashboard is up (a crash report too) goes here.
        let logDir = ResourceLocator.dataDirectory() + "/logs"
        try? FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        let log = logDir + "/replay.log"
        let ending: Result<DashboardLoop.Ending, SPOError> = await DashboardThread.run {
            var state = DashboardState(mode: .replay)
            state.questions = questions
            state.ui.replay = ReplayControls(speed: speed)
            // Printed warnings vanish behind the screen: the dashboard says it too.
            if !damage.isEmpty { state.showMessage("damaged session: \(damage.count == 1 ? damage[0] : "\(damage[0]) (+\(damage.count - 1) more; see stderr after quitting)")") }
            var player = ReplayPlayer(records: records)
            var last = ContinuousClock.now
            let loop = DashboardLoop(theme: theme, noColor: noColor, logPath: log)
            do {
                return .success(try loop.run(&state, inbox: nil, tick: { state in
                    let now = ContinuousClock.now
                    let d = now - last
                    last = now
                    return player.advance(&state, wallSeconds: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
                }) { command, state, _ in
                    switch command {
                    case .quit: return false
                    case .step: player.step(&state)
                    case .seekIteration(let delta): player.seek(iterations: delta, &state)
                    case .export(let id): DashboardRunner.export(id, state: &state)
                    default: break
                    }
                    return true
                })
            } catch {
                return .failure(SPOError("\(error)"))
            }
        }
        // The terminal is back: repeat what was skipped where it can be read.
        Console.warn(damage)
        // Closed by Ctrl-C or SIGTERM: the terminal is back; exit as the signal says.
        if case .signal(let sig) = try ending.get() { throw ExitCode(128 + sig) }
    }

    /// The theme the session's run was configured with, if any.
    func loadedTheme(_ loaded: LoadedSession) -> String? {
        loaded.header.config["theme"]?.stringValue
    }

    /// Train questions of the session's source tasks when they can be found
    /// again (built-in tasks, task files still in place); events carry only indices.
    static func questions(_ loaded: LoadedSession) -> [String: [String]] {
        guard let data = try? JSONEncoder().encode(loaded.header.config),
            let cfg = try? JSONDecoder().decode(RunConfig.self, from: data)
        else { return [:] }
        var warnings: [String] = []
        let catalog = TaskCatalog(config: cfg)
        let tasks = cfg.metaTrainTasks.compactMap { try? catalog.task($0, fromConfig: true, warnings: &warnings) }
        return DashboardRunner.questions(config: cfg, tasks: tasks)
    }
}
