import Foundation
import SPOCore
import SPODashboard
import Testing

/// Issue 19, defect 13: small things a new user met in the dashboard.
struct SmallDefectTests {
    static func state(paused: Bool) -> DashboardState {
        var events: [EngineEvent] = [
            .runStarted(.init(run: "s", method: "metaspo", config: ["iteration": .int(1)], tasks: [.init(name: "counting", role: .source, train: 4, test: 4)], models: [:])),
            .candidateCreated(.init(id: "S1", kind: .system, parent: nil, origin: .initial, text: "Be helpful.")),
            .candidateCreated(.init(id: "U1", kind: .user, parent: nil, task: "counting", origin: .initial, text: "Count.<Question>{question}</Question>")),
            .candidateCreated(.init(id: "U2", kind: .user, parent: nil, task: "counting", origin: .manual, text: "Count well.<Question>{question}</Question>")),
        ]
        if paused { events.append(.paused) }
        var s = DashboardState(mode: .live, size: Size(width: 100, height: 30))
        s.apply(events.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset), event: $0.element) })
        return s
    }

    @Test func diffOnAParentlessPromptSaysWhyAndIsNotOffered() {
        var s = Self.state(paused: false)
        s.select(candidate: "S1")
        _ = s.update(.enter)
        #expect(s.ui.overlay == .detail("S1"))
        let footer = Renderer.render(s).text.split(separator: "\n").first { $0.contains("Esc close") } ?? ""
        #expect(footer.contains("b blame") && !footer.contains("d diff"), "\(footer)")
        _ = s.update(.char("d"))
        #expect(s.ui.overlay == .detail("S1"))
        #expect(s.ui.message == "S1 has no parent to compare with; mark another prompt (m) first")
    }

    @Test func quittingAPausedRunOffersToStayPaused() {
        var s = Self.state(paused: true)
        _ = s.update(.char("q"))
        #expect(s.ui.overlay == .confirmQuit)
        let frame = Renderer.render(s).text
        #expect(frame.contains("any other key: stay paused") && !frame.contains("keep running"))
    }

    @Test func aHandWrittenPromptHasOneName() {
        var s = Self.state(paused: false)
        s.ui.toggled.insert("S1")
        let frame = Renderer.render(s).text
        #expect(!frame.contains("by hand"))
        #expect(s.log.contains { $0.text.contains("U2 user prompt for counting (hand-written)") })
    }

    @Test func aPrunedKeptPromptShowsOnlyItsPruneMark() {
        var s = Self.state(paused: false)
        for (k, u) in ["U1", "U2"].enumerated() {
            s.apply(EventRecord(seq: 80 + k, t: 8, event: .evaluationFinished(.init(node: NodeRef(system: "S1", user: u, task: "counting"), split: .train, score: 0.5, n: 4, wrong: []))))
        }
        s.apply(EventRecord(seq: 90, t: 9, event: .selection(.init(iteration: 0, phase: .initial, kept: ["counting": ["U1", "U2"]], currentSystem: "S1"))))
        s.apply(EventRecord(seq: 91, t: 9, event: .command(.init(command: .prune, id: "U2", by: .user))))
        let line = Renderer.render(s).text.split(separator: "\n").first { $0.contains("  U2 ") && $0.contains("50.0%") } ?? ""
        #expect(line.contains("X") && !line.contains("KX"), "\(line)")
    }

    @Test func pausedTimeDoesNotCountInTheETA() {
        var s = Self.state(paused: false)
        let node = NodeRef(system: "S1", user: "U1", task: "counting")
        s.apply(EventRecord(seq: 50, t: 10, event: .evaluationProgress(.init(node: node, split: .train, done: 2, of: 4, correct: 1))))
        s.apply(EventRecord(seq: 51, t: 10, event: .paused))
        #expect(s.run.eta(elapsed: 60) == nil, "no ETA while paused")
        s.apply(EventRecord(seq: 52, t: 110, event: .resumed))
        s.apply(EventRecord(seq: 53, t: 120, event: .evaluationProgress(.init(node: node, split: .train, done: 4, of: 4, correct: 2))))
        let left = Double(s.run.expectedExamples - 4)
        // 20 s of work for 4 examples, not 120 s.
        #expect(s.run.eta(elapsed: 120) == 20 * left / 4)
    }
}
