import Foundation
import SPOCore
import SPODashboard
import Testing

/// Issue 18: a run with a validation split shows the scores it was chosen on.
struct ValidationViewTests {
    static func records() -> [EventRecord] {
        let events: [EngineEvent] = [
            .runStarted(.init(
                run: "val", method: "metaspo", config: ["iteration": .int(1), "val_size": .int(4)],
                tasks: [.init(name: "counting", role: .source, train: 8, val: 4, test: 4)], models: [:])),
            .phaseStarted(.init(iteration: 0, phase: .initial)),
            .candidateCreated(.init(id: "S1", kind: .system, parent: nil, origin: .initial, text: "You are a helpful assistant.")),
            .candidateCreated(.init(id: "U1", kind: .user, parent: nil, task: "counting", origin: .initial, text: "Count.<Question>{question}</Question>")),
            .evaluationFinished(.init(node: NodeRef(system: "S1", user: "U1", task: "counting"), split: .train, score: 0.5, n: 8, wrong: [])),
            .evaluationFinished(.init(node: NodeRef(system: "S1", user: "U1", task: "counting"), split: .val, score: 0.25, n: 4, wrong: [])),
            .selection(.init(iteration: 0, phase: .initial, kept: ["counting": ["U1"]], currentSystem: "S1")),
            .phaseFinished(.init(iteration: 0, phase: .initial)),
            .phaseStarted(.init(iteration: 1, phase: .outer)),
            .candidateCreated(.init(id: "S2", kind: .system, parent: "S1", origin: .rewrite, text: "You are careful.")),
            .evaluationFinished(.init(node: NodeRef(system: "S2", user: "U1", task: "counting"), split: .val, score: 0.75, n: 4, wrong: [])),
        ]
        return events.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset), event: $0.element) }
    }

    @Test func scoresComeFromValidationAndSaySo() {
        let run = RunModel(folding: Self.records())
        #expect(run.validates)
        #expect(run.score(system: "S1", user: "U1", task: "counting")?.score == 0.25)
        #expect(run.score(system: "S1", user: "U1", task: "counting", split: .train)?.score == 0.5)
        #expect(run.systemScore("S2") == 0.75)
        #expect(run.systemDelta("S2") == 0.5)
        // A candidate scored on validation only is in the tree.
        var state = DashboardState(mode: .replay, size: Size(width: 120, height: 36))
        state.apply(Self.records())
        let frame = Renderer.render(state).text
        #expect(frame.contains("Scores (validation)"))
        #expect(frame.contains("S2"))
        // A run without validation keeps its train scores and title.
        let plain = RunModel(folding: Self.records().filter { if case .evaluationFinished(let f) = $0.event { f.split != .val } else { true } }.map { r in
            guard case .runStarted(var s) = r.event else { return r }
            s.tasks = s.tasks.map { var t = $0; t.val = 0; return t }
            return EventRecord(seq: r.seq, t: r.t, event: .runStarted(s))
        })
        #expect(!plain.validates && plain.score(system: "S1", user: "U1", task: "counting")?.score == 0.5)
    }
}
