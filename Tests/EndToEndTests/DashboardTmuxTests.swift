import Foundation
import SPOCore
import SPOTestSupport
import Testing

/// The real dashboard in a real terminal: a shell in a tmux pane runs the built
/// `metaspo`, the test types keys, resizes the window and reads the screen, and
/// after metaspo exits compares the exit code and `stty -g` with what the
/// shell had before.
///
/// Serialized: each test drives a terminal program, and the machine has two cores.
/// Every wait polls the screen up to a generous deadline; nothing sleeps a fixed time.
@Suite(.serialized, .enabled(if: TmuxPane.available, "tmux is not installed and could not be installed"))
struct DashboardTmuxTests {
    /// The repository, found from this file: Tests/EndToEndTests/…
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let shippedSession = repo + "/sessions/quick-qwen1.5b.jsonl"

    /// `text` as one word for the shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The exit code the shell printed with `echo EXIT=$?`, once it has.
    static func exitCode(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"EXIT=[0-9]+"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(5))
    }

    /// Opens a pane whose XDG folders are the scratch folder's, runs `body`, and
    /// kills the pane's tmux server however `body` ends.
    static func withPane<T>(
        _ label: String, _ scratch: ScratchDir, width: Int = 120, height: Int = 36, _ body: (TmuxPane) async throws -> T
    ) async throws -> T {
        let env = [
            "XDG_DATA_HOME": scratch.folder("data"), "XDG_CONFIG_HOME": scratch.folder("config"),
            "XDG_CACHE_HOME": scratch.folder("cache"), "OPENAI_API_KEY": "", "NO_COLOR": "", "EDITOR": "", "VISUAL": "",
        ]
        let pane = try await TmuxPane.start(label: label, folder: scratch.path, width: width, height: height, env: env)
        do {
            let result = try await body(pane)
            await pane.close()
            return result
        } catch {
            await pane.close()
            throw error
        }
    }

    // MARK: replay

    /// `metaspo replay` on the shipped real session: the tree, a selection
    /// moved, a diff, resizes down to the too-small message and back, quit.
    @Test func replayOfTheShippedSession() async throws {
        let loaded = try SessionReader.read(path: Self.shippedSession)
        var systems: [String] = [], users = 0
        var parents: [String: String] = [:]
        for r in loaded.events {
            guard case .candidateCreated(let c) = r.event else { continue }
            if c.kind == .system { systems.append(c.id) } else { users += 1 }
            parents[c.id] = c.parent
        }
        try #require(systems.count >= 2 && parents[systems[1]] == systems[0], "the shipped session changed shape: \(systems)")
        let treeTitle = "Candidates (\(systems.count) system, \(users) user)"

        let scratch = ScratchDir("tmux-replay")
        try await Self.withPane("replay", scratch) { pane in
            let before = try await pane.saveTerminalModes(as: "stty-before")
            try await pane.run("clear; \(Self.quoted(MetaspoChild.binary)) replay \(Self.quoted(Self.shippedSession)) --speed instant; echo EXIT=$?")

            // The whole session, folded at once: the tree, the scores, the log's end.
            var screen = try await pane.waitFor("the candidate tree of the whole replay") {
                $0.contains(treeTitle) && $0.contains("replay done \(loaded.events.count)/\(loaded.events.count)")
            }
            #expect(screen.contains(" \(systems[0]) ") && screen.contains(" \(systems[1]) "))
            #expect(screen.contains("Scores") && screen.contains("Failure analysis") && screen.contains("Events"))
            #expect(screen.contains("run finished; best system prompt"))

            // Down moves the selection from the first system prompt (closed) to
            // the second; d compares it with its parent.
            try await pane.press("Down")
            try await pane.press("d")
            screen = try await pane.waitFor(text: "diff \(systems[0]) (parent) → \(systems[1])")
            #expect(screen.contains("You are a helpful assistant."), "the parent's text is not in the diff:\n\(screen)")
            try await pane.press("Escape")
            try await pane.waitFor("the diff to close") { !$0.contains("(parent) →") && $0.contains(treeTitle) }

            // 100x30: the frame follows the window.
            try await pane.resize(width: 100, height: 30)
            screen = try await pane.waitFor("a 100x30 frame") { s in
                let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
                return s.contains(treeTitle) && lines.contains { $0.hasPrefix("└") && $0.hasSuffix("┘") && $0.count == 100 }
            }
            #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 100 })

            // 60x15: below the minimum, only the message.
            try await pane.resize(width: 60, height: 15)
            screen = try await pane.waitFor(text: "terminal too small (need 80x24, have 60x15)")
            #expect(!screen.contains("Candidates"), "the panes are still drawn at 60x15:\n\(screen)")

            // Back to 100x30: everything is there again.
            try await pane.resize(width: 100, height: 30)
            screen = try await pane.waitFor("the panes to come back at 100x30") { $0.contains(treeTitle) && !$0.contains("too small") }

            try await pane.press("q")
            screen = try await pane.waitFor("metaspo to exit") { Self.exitCode($0) != nil }
            #expect(Self.exitCode(screen) == 0, "\(screen)")
            let after = try await pane.saveTerminalModes(as: "stty-after")
            #expect(after == before, "stty -g before: \(before)\nafter: \(after)")
        }
    }

    /// Ctrl-C in a replay closes it at once, with the terminal as it was.
    @Test func replayInterruptedByCtrlC() async throws {
        let scratch = ScratchDir("tmux-replay-int")
        try await Self.withPane("replay-int", scratch) { pane in
            let before = try await pane.saveTerminalModes(as: "stty-before")
            try await pane.run("clear; \(Self.quoted(MetaspoChild.binary)) replay \(Self.quoted(Self.shippedSession)) --speed 1; echo EXIT=$?")
            try await pane.waitFor(text: "replay 1x")
            try await pane.press("C-c")
            let screen = try await pane.waitFor("metaspo to exit") { Self.exitCode($0) != nil }
            #expect(Self.exitCode(screen) == 130, "\(screen)")
            #expect(!screen.contains("┌ Candidates"), "the dashboard is still on screen after exit:\n\(screen)")
            let after = try await pane.saveTerminalModes(as: "stty-after")
            #expect(after == before, "stty -g before: \(before)\nafter: \(after)")
        }
    }

    // MARK: live runs

    /// How a live run in the dashboard is ended.
    enum Ending: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// Ctrl-C: the dashboard closes, the run stops after the calls in flight (exit 3).
        case ctrlC
        /// SIGTERM from outside: the same.
        case sigterm
        /// Ctrl-C, and Ctrl-C again while the calls in flight finish: quit at once (exit 130).
        case ctrlCTwice
        /// `q`, yes, then Ctrl-C while the run stops: quit at once (exit 130).
        case quitThenCtrlC
        /// The endpoint starts refusing every request (HTTP 400): the engine
        /// fails, the dashboard shows it; `q` leaves (exit 1).
        case engineError

        var testDescription: String { rawValue }

        /// Base-model latency: long enough that a stop has calls in flight to wait for.
        var baseLatency: Double {
            switch self {
            case .ctrlCTwice, .quitThenCtrlC: 4
            case .ctrlC, .sigterm, .engineError: 0.1
            }
        }
    }

    @Test(arguments: Ending.allCases)
    func liveRunEnds(_ ending: Ending) async throws {
        let scratch = ScratchDir("tmux-live-\(ending.rawValue)")
        let sim = try await SimulatedEndpoint.start(
            builtin: RunFixture.allTasks, settings: .init(malformedOptimizerShare: 0.15),
            options: .init(baseLatency: ending.baseLatency, optimizerLatency: 0.2))
        do {
            try await Self.withPane("live-\(ending.rawValue)", scratch) { pane in try await liveRun(ending, sim, pane, scratch) }
            await sim.stop()
        } catch {
            await sim.stop()
            throw error
        }
    }

    func liveRun(_ ending: Ending, _ sim: SimulatedEndpoint, _ pane: TmuxPane, _ scratch: ScratchDir) async throws {
        let sessions = scratch.folder("sessions")
        let pidFile = scratch.path + "/metaspo.pid"
        // The dashboard opens because stdin and stdout are the pane's terminal.
        let args = ["run", "--yes"] + RunFixture.sourceTasks.flatMap { ["--task", $0] }
            + RunFixture.unseenTasks.flatMap { ["--unseen-task", $0] } + RunFixture.knobs
            + ["--base-url", sim.baseURL, "--model", "sim", "--sessions-dir", sessions]
        let command = ([MetaspoChild.binary] + args).map(Self.quoted).joined(separator: " ")
        let before = try await pane.saveTerminalModes(as: "stty-before")
        // `exec` keeps the shell's pid for metaspo, so the pid file names it.
        try await pane.run("clear; sh -c 'echo $$ > \(pidFile); exec \"$@\"' metaspo \(command); echo EXIT=$?")

        var screen = try await pane.waitFor("the live dashboard with its tree", deadline: .seconds(90)) {
            $0.contains("Candidates (") && $0.contains(" S1 ") && $0.contains("Events")
        }
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!screen.contains("session:"), "something printed over the dashboard:\n\(screen)")

        switch ending {
        case .ctrlC:
            // Some of the run done first, so the stop lands mid-run.
            _ = try await pane.waitFor("evaluations under way", deadline: .seconds(90)) { $0.range(of: #"calls [1-9]"#, options: .regularExpression) != nil }
            try await pane.press("C-c")
        case .sigterm:
            _ = try await pane.waitFor("evaluations under way", deadline: .seconds(90)) { $0.range(of: #"calls [1-9]"#, options: .regularExpression) != nil }
            kill(pid, SIGTERM)
        case .ctrlCTwice:
            try await pane.press("C-c")
            // The dashboard has closed and the run waits for its calls in flight.
            try await pane.waitFor(text: "Ctrl-C to quit at once")
            try await pane.press("C-c")
        case .quitThenCtrlC:
            try await pane.press("q")
            try await pane.waitFor(text: "y: stop and quit")
            try await pane.press("y")
            try await pane.waitFor(text: "Ctrl-C to quit at once")
            try await pane.press("C-c")
        case .engineError:
            sim.injectFault(.status(400), forSeconds: 600, target: .base)
            // The run ends with the error, shown in the dashboard, which stays up to be read.
            screen = try await pane.waitFor("the engine's error in the dashboard", deadline: .seconds(90)) {
                $0.contains("400") && $0.contains("Candidates (")
            }
            try await pane.press("q")
        }

        screen = try await pane.waitFor("metaspo to exit", deadline: .seconds(90)) { Self.exitCode($0) != nil }
        let code = Self.exitCode(screen)
        let shown = screen.split(separator: "\n").filter { !$0.isEmpty }.suffix(4).joined(separator: " | ")
        print("tmux \(ending.rawValue): exit \(code.map(String.init) ?? "?"); the shell shows: \(shown)")
        switch ending {
        case .ctrlC, .sigterm:
            #expect(code == 3, "a clean stop exits 3:\n\(screen)")
            #expect(screen.contains("metaspo resume"), "no hint to resume:\n\(screen)")
        case .ctrlCTwice, .quitThenCtrlC:
            #expect(code == 130, "a second interrupt quits at once with 128+SIGINT:\n\(screen)")
        case .engineError:
            #expect(code == 1, "an engine error exits 1:\n\(screen)")
            #expect(screen.contains("400"), "the error is not on the restored terminal:\n\(screen)")
        }
        // The terminal is as the shell left it.
        let after = try await pane.saveTerminalModes(as: "stty-after")
        #expect(after == before, "stty -g before: \(before)\nafter: \(after)")
        // Nothing of curses is left on the screen after the shell's own lines.
        #expect(!screen.contains("┌ Candidates"), "the dashboard is still on screen after exit:\n\(screen)")

        // The session reads, with the way it ended written down (a quit at once
        // may leave no `stopped` event, but never a broken file).
        let path = try #require(RunFixture.sessionFile(in: sessions))
        let session = try SessionReader.read(path: path)
        #expect(session.sequenceProblems().isEmpty)
        let stops = session.events.compactMap { if case .stopped(let s) = $0.event { s } else { nil } }
        switch ending {
        case .ctrlC, .sigterm:
            #expect(stops.count == 1 && stops.first?.resumable == true, "\(stops)")
        case .engineError:
            #expect(stops.count == 1 && stops.first?.reason.contains("error") == true, "\(stops)")
            #expect(session.events.contains { if case .error = $0.event { true } else { false } })
        case .ctrlCTwice, .quitThenCtrlC:
            break
        }
        #expect(!session.events.contains { if case .runFinished = $0.event { true } else { false } }, "the run finished before it was interrupted")
    }
}
