import Foundation
import SPOCore
import SPODashboard
import Testing

struct DashboardStateTests {
    func live(_ records: [EventRecord]) -> DashboardState {
        DashboardSnapshotTests.state(records, size: Size(width: 120, height: 40))
    }

    @Test func bothEditorsCheckAHandWrittenPromptAlike() async throws {
        let records = DashboardSnapshotTests.midInner(try await Fixture.records())
        var state = live(records)
        // What `$EDITOR` returned goes through the inline editor's checks.
        #expect(state.submitEdited(kind: .user, task: "navigate", text: "Answer briefly.") == [])
        #expect(state.ui.message == "a user prompt must contain {question}")
        #expect(state.ui.overlay == .editor(kind: .user, task: "navigate", text: "Answer briefly."), "the text is kept in the inline editor")
        state.ui.overlay = nil
        #expect(state.submitEdited(kind: .system, task: nil, text: "  \n ") == [])
        #expect(state.ui.message == "the prompt is empty; nothing added")
        #expect(state.submitEdited(kind: .user, task: "navigate", text: " Q: {question} ") == [.engine(.add(kind: .user, text: "Q: {question}", task: "navigate"))])
        // The inline editor's Ctrl-S reaches the same rule.
        state.openInlineEditor(kind: .user, task: "navigate", text: "no slot")
        var script = KeyScript(state)
        #expect(script.press(.ctrl("s")) == [])
        #expect(script.state.ui.message == "a user prompt must contain {question}")
    }

    @Test func pinAndPruneKeysSendEngineCommands() async throws {
        let records = DashboardSnapshotTests.midOuter(try await Fixture.records())
        var script = KeyScript(live(records))
        script.press(.char("/"))
        script.type("twice")
        script.press(.enter)
        let selected = script.state.selectedCandidate
        let target = try #require(selected)
        #expect(script.press(.char("p")) == [.engine(.pin(target))])
        let pinnedAtOnce = script.state.isPinned(target)
        #expect(pinnedAtOnce, "the tree shows the pin before the engine confirms it")
        // The engine's command event confirms it.
        script.state.apply(EventRecord(seq: records.count + 1, t: 999, event: .command(.init(command: .pin, id: target, by: .user))))
        let confirmed = script.state.ui.pendingPins.isEmpty && script.state.isPinned(target)
        #expect(confirmed)

        // Down to the next user prompt (past a task row).
        repeat { script.press(.down) } while script.state.selectedCandidate == nil
        let next = script.state.selectedCandidate
        let other = try #require(next)
        #expect(script.press(.char("x")) == [.engine(.prune(other))])
        let prunedAtOnce = script.state.isPruned(other)
        #expect(prunedAtOnce)
        // Pruning it again, or pinning a pruned prompt, sends nothing.
        #expect(script.press(.char("x")).isEmpty)
        #expect(script.press(.char("p")).isEmpty)
    }

    @Test func refusedPrunesAreExplainedNotSent() async throws {
        var script = KeyScript(live(DashboardSnapshotTests.midOuter(try await Fixture.records())))
        let system = script.state.run.currentSystem
        let current = try #require(system)
        script.state.select(candidate: current)
        #expect(script.press(.char("x")).isEmpty)
        let message = script.state.ui.message ?? ""
        #expect(message.contains("current system prompt"))
    }

    @Test func aRefusalFromTheEngineDropsTheOptimisticMark() async throws {
        let records = DashboardSnapshotTests.midOuter(try await Fixture.records())
        var script = KeyScript(live(records))
        script.press(.char("g"), .down, .down)
        let selected = script.state.selectedCandidate
        let id = try #require(selected)
        #expect(script.press(.char("x")) == [.engine(.prune(id))])
        // A warning that reads like a refusal is only a warning (issue 20: refusals are data, never matched by text).
        script.state.apply(EventRecord(seq: records.count + 1, t: 999, event: .warning(message: "prune \(id): it is the only kept user prompt of crate_count")))
        #expect(script.state.isPruned(id))
        // A refusal of another prompt leaves this mark alone; this one's drops it, and the log says why.
        script.state.apply(EventRecord(seq: records.count + 2, t: 999, event: .commandRefused(.init(command: .prune, id: "U999", reason: "no such candidate"))))
        #expect(script.state.isPruned(id))
        script.state.apply(EventRecord(seq: records.count + 3, t: 999, event: .commandRefused(.init(command: .prune, id: id, reason: "it is the only kept user prompt of crate_count"))))
        let stillPruned = script.state.isPruned(id)
        #expect(!stillPruned)
        #expect(script.state.log.last?.text == "prune \(id): it is the only kept user prompt of crate_count")
    }

    @Test func replayDisablesSteering() async throws {
        var script = KeyScript(DashboardSnapshotTests.state(try await Fixture.records(), size: Size(width: 100, height: 30), mode: .replay))
        script.press(.down, .down)
        #expect(script.press(.char("p")).isEmpty)
        let note = script.state.ui.message ?? ""
        #expect(note.contains("live run"))
        #expect(script.press(.char("x")).isEmpty)
        #expect(script.press(.char(".")) == [.step])
        #expect(script.press(.char("]")) == [.seekIteration(1)])
        script.press(.char("+"))
        let speed = script.state.ui.replay.speed
        #expect(speed == 2)
        #expect(script.press(.char("q")) == [.quit])
    }

    @Test func pauseAndQuitOnALiveRun() async throws {
        var script = KeyScript(live(DashboardSnapshotTests.midInner(try await Fixture.records())))
        #expect(script.press(.char(" ")) == [.engine(.pause)])
        #expect(script.press(.char("q")).isEmpty)
        let asking = script.state.ui.overlay
        #expect(asking == .confirmQuit)
        #expect(script.press(.char("n")).isEmpty)
        let closed = script.state.ui.overlay
        #expect(closed == nil)
        script.press(.char("q"))
        #expect(script.press(.char("y")) == [.engine(.stop), .quit])
    }

    @Test func finishedRunsQuitAtOnce() async throws {
        var script = KeyScript(live(try await Fixture.records()))
        #expect(script.press(.char("q")) == [.quit])
    }

    @Test func exportSendsTheSelectedPrompt() async throws {
        var script = KeyScript(live(try await Fixture.records()))
        #expect(script.press(.char("e")) == [.export("S1")])
    }

    @Test func searchCyclesThroughMatches() async throws {
        var script = KeyScript(live(try await Fixture.records()))
        script.press(.char("/"))
        script.type("step")
        script.press(.enter)
        let first = script.state.selectedCandidate
        script.press(.char("n"))
        let second = script.state.selectedCandidate
        #expect(first != nil && second != nil && first != second)
        script.press(.char("N"))
        let back = script.state.selectedCandidate
        #expect(back == first)
        let state = script.state
        let allMatch = state.searchMatches().allSatisfy { state.run.candidates[$0]!.text.lowercased().contains("step") }
        #expect(allMatch)
    }

    @Test func everyEventTypeFolds() async throws {
        let records = try await Fixture.records()
        let types = Set(records.map(\.event.type))
        for t in ["run_started", "candidate_created", "phase_started", "phase_finished", "evaluation_progress", "evaluation_finished", "analysis_created", "candidate_rejected", "selection", "usage", "run_finished"] {
            #expect(types.contains(t), "the fixture has \(t)")
        }
        // The rest, folded on top.
        var s = live(records)
        let extra: [EngineEvent] = [
            .command(.init(command: .pause, by: .user)), .paused, .resumed, .warning(message: "endpoint answered 429"),
            .error(message: "boom \u{1B}[2J"), .budgetReached(.init(what: "calls", limit: 100, value: 100)),
            .stopped(.init(reason: "stopped by user", resumable: true)), .unknown(type: "future_thing", fields: ["a": 1]),
        ]
        for (i, e) in extra.enumerated() { s.apply(EventRecord(seq: records.count + i + 1, t: 1000, event: e)) }
        let run = s.run
        #expect(run.warnings >= 1)
        #expect(run.errors == 1)
        #expect(run.stopped != nil)
        #expect(run.budgetsReached.count == 1)
        let lastLine = s.log.last?.text ?? ""
        #expect(lastLine.contains("future_thing"))
        FrameChecks.assertInert(Renderer.render(s))
    }

    @Test func aSavedSessionFoldsToTheSameFrameAsTheLiveRun() async throws {
        let records = try await Fixture.records()
        var bytes = Array(#"{"format":"metaspo-session","version":1,"created":"2026-01-01T00:00:00Z","config":{}}"#.utf8) + [0x0A]
        for r in records { bytes += r.jsonBytes() + [0x0A] }
        let loaded = try SessionReader.read(bytes: bytes, name: "fixture.jsonl")
        #expect(loaded.events == records)
        let size = Size(width: 160, height: 48)
        #expect(Renderer.render(DashboardSnapshotTests.state(loaded.events, size: size)) == Renderer.render(DashboardSnapshotTests.state(records, size: size)))
    }

    @Test func helpListsEveryBinding() async throws {
        for mode in [DashboardMode.live, .replay] {
            let s = DashboardSnapshotTests.state(try await Fixture.records(), size: Size(width: 160, height: 60), mode: mode)
            var k = KeyScript(s)
            k.press(.char("?"))
            let text = k.frame().text
            for b in Keymap.standard.bindings where b.scope == .always || (b.scope == .live) == (mode == .live) {
                #expect(text.contains(b.help.prefix(20)), "help shows \(b.help)")
            }
        }
        // Every action a key can reach is bound somewhere.
        let bound = Set(Keymap.standard.bindings.map(\.action))
        #expect(bound == Set(KeyAction.allCases))
    }
}

/// `METASPO_FIXTURE_SESSION=PATH swift test --filter SPODashboardTests` writes
/// the fixture as a session file, to look at it with `metaspo replay PATH`.
struct FixtureExport {
    @Test func writesTheFixtureSessionWhenAsked() async throws {
        guard let path = ProcessInfo.processInfo.environment["METASPO_FIXTURE_SESSION"], !path.isEmpty else { return }
        let config = try JSONValue.encoding(Fixture.config())
        var text = JSONValue.object([("format", "metaspo-session"), ("version", 1), ("created", "2026-01-01T00:00:00Z"), ("config", config)]).compactText + "\n"
        for r in try await Fixture.records() { text += r.jsonLine + "\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
