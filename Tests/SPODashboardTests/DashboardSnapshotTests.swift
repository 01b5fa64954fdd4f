import SPOCore
import SPODashboard
import Testing

/// Whole frames at 80x24 and 160x48, driven by key scripts, compared with
/// `__Snapshots__/`: over the shipped real session where real text matters
/// (the run's views, the tree, a diff, the replay), over the engine-generated
/// fixture where a test needs chosen content.
struct DashboardSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    /// A dashboard that has folded `records`, at `size`.
    static func state(
        _ records: [EventRecord], size: Size, mode: DashboardMode = .live, ascii: Bool = false, questions: [String: [String]] = questions
    ) -> DashboardState {
        var s = DashboardState(mode: mode, size: size, ascii: ascii)
        s.questions = questions
        s.apply(records)
        if mode == .replay {
            s.ui.replay.position = records.count
            s.ui.replay.total = records.count
        }
        return s
    }

    /// The fixture tasks' train questions, as a driver that knows the task data supplies them.
    static let questions: [String: [String]] = {
        var q: [String: [String]] = [:]
        for t in FixtureTasks.source {
            q[t.name] = TaskSplit(task: t, trainSize: Fixture.config().trainSize, testSize: Fixture.config().testSize, seed: Fixture.config().seed).train.map(\.question)
        }
        return q
    }()

    static func midInner(_ r: [EventRecord]) -> [EventRecord] {
        var seenInner = false
        return Fixture.prefix(r) { e in
            if case .phaseStarted(let p) = e, p.phase == .inner { seenInner = true }
            if case .evaluationProgress(let p) = e, seenInner, p.done == 6 { return true }
            return false
        }
    }

    static func midOuter(_ r: [EventRecord]) -> [EventRecord] {
        var seenOuter = false
        return Fixture.prefix(r) { e in
            if case .phaseStarted(let p) = e, p.phase == .outer { seenOuter = true }
            if case .evaluationProgress(let p) = e, seenOuter, p.done == 4 { return true }
            return false
        }
    }

    func frames(
        _ name: String, _ records: [EventRecord], mode: DashboardMode = .live, questions: [String: [String]] = questions,
        keys: [Key] = [], typing: String? = nil, then more: [Key] = []
    ) {
        for size in Self.sizes {
            var script = KeyScript(Self.state(records, size: size, mode: mode, questions: questions))
            script.press(keys)
            if let typing { script.type(typing) }
            script.press(more)
            let frame = script.frame()
            Snapshot.check(frame, "\(name)-\(size.width)x\(size.height)")
            FrameChecks.assertInert(frame)
        }
    }

    @Test func finishedRun() {
        frames("finished", RealSession.records, questions: RealSession.questions)
    }

    @Test func midInnerLoop() {
        frames("mid-inner", Self.midInner(RealSession.records), questions: RealSession.questions)
    }

    @Test func midOuterLoop() {
        frames("mid-outer", Self.midOuter(RealSession.records), questions: RealSession.questions)
    }

    @Test func treeNavigationShowsTheAnalysisOfTheSelectedPrompt() {
        frames("tree-down", RealSession.records, questions: RealSession.questions, keys: [.down, .down, .char("j")])
    }

    /// The real optimizer's first system rewrite against the initial prompt.
    @Test func diffOfARealRewrite() {
        frames("diff-real", RealSession.records, questions: RealSession.questions, keys: [.down, .char("d")])
    }

    /// Issue 19: the real optimizer's rewrite with each sentence under the candidate that wrote it.
    @Test func blameOfARealRewrite() {
        frames("blame-real", RealSession.records, questions: RealSession.questions, keys: [.down, .char("b"), .down])
    }

    /// In the blame overlay Enter selects the candidate that wrote the chosen
    /// sentence and shows its analysis.
    @Test func blameJumpsToTheCandidateAndItsAnalysis() async throws {
        var script = KeyScript(Self.state(try await Fixture.records(), size: Size(width: 160, height: 48)))
        script.press([.char("/")])
        script.type("twice")
        script.press([.enter])
        let selected = try #require(script.state.selectedCandidate)
        let p = try #require(script.state.run.provenance(of: selected))
        #expect(p.steps.count >= 2, "the fixture's prompt with \"twice\" is a rewrite")
        script.press([.char("b")])
        #expect(script.state.ui.overlay == .provenance(selected))
        // Choose the last sentence, then jump.
        script.press(Array(repeating: .down, count: p.sentences.count))
        script.press([.enter])
        #expect(script.state.ui.overlay == nil)
        #expect(script.state.selectedCandidate == p.sentences.last!.introducedBy)
        #expect(script.state.ui.focus == .analysis)
        Snapshot.check(script.frame(), "blame-jumped-160x48")
    }

    @Test func collapseAndExpand() async throws {
        frames("tree-collapsed", try await Fixture.records(), keys: [.char("G"), .left, .left, .up, .right])
    }

    @Test func promptDetailDrawsEscapeSequencesInertly() async throws {
        frames("detail-escape", try await Fixture.records(), keys: [.char("/")], typing: "precise", then: [.enter, .enter])
    }

    @Test func diffAgainstTheParent() async throws {
        frames("diff-parent", try await Fixture.records(), keys: [.char("/")], typing: "twice", then: [.enter, .char("d")])
    }

    @Test func diffOfMarkedAndSelected() async throws {
        frames("diff-marked", try await Fixture.records(), keys: [.char("g"), .char("m"), .char("/")], typing: "precise", then: [.enter, .char("d")])
    }

    @Test func diffScrolls() async throws {
        frames("diff-scrolled", try await Fixture.records(), keys: [.char("/")], typing: "precise", then: [.enter, .char("d"), .down, .down])
    }

    @Test func helpOverlay() async throws {
        frames("help", try await Fixture.records(), keys: [.char("?")])
    }

    @Test func helpOverlayInReplay() async throws {
        frames("help-replay", try await Fixture.records(), mode: .replay, keys: [.char("?")])
    }

    @Test func logPaneScrolledBack() async throws {
        frames("log-scrolled", try await Fixture.records(), keys: [.tab, .tab, .tab, .up, .up, .up])
    }

    @Test func analysisPaneFocused() async throws {
        frames("analysis-focus", try await Fixture.records(), keys: [.char("/")], typing: "Read the question twice", then: [.enter, .tab, .tab, .down])
    }

    @Test func searchBeingTyped() async throws {
        frames("search-typing", try await Fixture.records(), keys: [.char("/")], typing: "step")
    }

    @Test func pinAndPruneShowAtOnce() async throws {
        frames("pin-prune", Self.midOuter(try await Fixture.records()), keys: [.char("/")], typing: "twice", then: [.enter, .char("p"), .down, .down, .char("x")])
    }

    /// A system prompt a race dropped: an `x` mark and a dim score in the tree,
    /// and in its detail the round and how many examples the score stands on.
    @Test func raceDropShowsInTheTreeAndDetail() async throws {
        // The fixture scores everything in full; a race event before the end says S2 was dropped.
        let all = try await Fixture.records()
        let end = all.lastIndex { if case .runFinished = $0.event { true } else { false } } ?? all.endIndex
        let drop = EngineEvent.race(.init(
            iteration: 1, phase: .outer, task: nil, round: 1, n: 4, of: 12, scores: ["S1": 0.75, "S2": 0.25, "S3": 0.5],
            incumbents: ["S1"], alive: ["S3"], dropped: ["S2"], saved: 8))
        let records = Fixture.stabilized(Array(all[..<end]) + [EventRecord(seq: 0, t: 0, event: drop)])
        frames("race-drop", records, keys: [.char("/")], typing: "S2", then: [.enter, .down])
        frames("race-drop-detail", records, keys: [.char("/")], typing: "S2", then: [.enter, .enter])
    }

    @Test func quitAsksOnALiveRun() async throws {
        frames("confirm-quit", Self.midInner(try await Fixture.records()), keys: [.char("q")])
    }

    @Test func inlineEditor() async throws {
        let records = Self.midInner(try await Fixture.records())
        for size in Self.sizes {
            var script = KeyScript(Self.state(records, size: size))
            let commands = script.press(.char("a"))
            #expect(commands == [.edit(kind: .system, task: nil)])
            // No $EDITOR: the driver opens the inline editor.
            script.state.openInlineEditor(kind: .system, task: nil)
            script.type("You are meticulous.")
            script.press(.enter)
            script.type("Check each step \u{1B}[1m twice.")
            Snapshot.check(script.frame(), "editor-\(size.width)x\(size.height)")
            #expect(script.press(.ctrl("s")) == [.engine(.add(kind: .system, text: "You are meticulous.\nCheck each step \u{1B}[1m twice.", task: nil))])
        }
    }

    @Test func replayHeader() {
        let r = RealSession.records
        frames("replay", Array(r.prefix(r.count / 2)), mode: .replay, questions: RealSession.questions, keys: [.char("+"), .char("+"), .char(" ")])
    }

    @Test func asciiFallback() async throws {
        let r = try await Fixture.records()
        var s = Self.state(r, size: Size(width: 80, height: 24), ascii: true)
        _ = s.update(.down)
        let frame = Renderer.render(s)
        Snapshot.check(frame, "ascii-80x24")
        for line in frame.textLines() { #expect(line.allSatisfy { $0.isASCII }, "\(line)") }
    }

    @Test func tooSmallTerminalsGetOneLine() async throws {
        let r = try await Fixture.records()
        for size in [Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 60, height: 15)] {
            let frame = Renderer.render(Self.state(r, size: size))
            let lines = frame.text.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1)
            #expect(lines.first.map(String.init)?.trimmingCharacters(in: .whitespaces) == "terminal too small (need 80x24, have \(size.width)x\(size.height))" || size.width < 45)
        }
        Snapshot.check(Renderer.render(Self.state(r, size: Size(width: 60, height: 15))), "too-small-60x15")
    }

    @Test func resizeKeepsTheSelectionVisible() async throws {
        let r = try await Fixture.records()
        var script = KeyScript(Self.state(r, size: Size(width: 160, height: 48)))
        script.press(.char("G"))
        let selected = script.state.selectedRow
        script.state.resize(Size(width: 100, height: 30))
        let after = script.state.selectedRow
        #expect(after == selected)
        let frame = script.frame()
        Snapshot.check(frame, "resized-100x30")
        #expect(frame.styleLines().contains { $0.contains("SSSSSSSSSS") }, "the selected row is on screen")
        script.state.resize(Size(width: 60, height: 15))
        #expect(script.frame().text.contains("terminal too small"))
        script.state.resize(Size(width: 80, height: 24))
        #expect(script.frame().styleLines().contains { $0.contains("SSSSSSSSSS") })
    }
}

import Foundation

/// Checks every frame must pass.
enum FrameChecks {
    /// No cell holds a C0/C1 control or DEL: nothing a terminal would act on.
    static func assertInert(_ frame: Screen, sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                for s in frame[x: x, y: y].glyph.unicodeScalars where s.value < 0x20 || (0x7F...0x9F).contains(s.value) {
                    Issue.record("control character U+\(String(s.value, radix: 16)) at \(x),\(y)", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
