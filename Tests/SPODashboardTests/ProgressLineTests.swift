import Foundation
import SPOCore
import SPODashboard
import Testing

/// Issue 19, defect 7: the progress line follows the evaluation under way,
/// counts test evaluations as they complete, and forgets the last phase's task.
struct ProgressLineTests {
    static func line(_ events: [EngineEvent]) -> String {
        var state = DashboardState(mode: .replay, size: Size(width: 160, height: 40))
        state.apply(events.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset), event: $0.element) })
        let lines = Renderer.render(state).text.split(separator: "\n", omittingEmptySubsequences: false)
        return String(lines.first { $0.contains("iteration ") } ?? "")
    }

    static let start: [EngineEvent] = [
        .runStarted(.init(
            run: "p", method: "metaspo", config: ["iteration": .int(1)],
            tasks: [.init(name: "counting", role: .source, train: 10, test: 4), .init(name: "walking", role: .source, train: 10, test: 4)], models: [:])),
        .candidateCreated(.init(id: "S1", kind: .system, parent: nil, origin: .initial, text: "Be helpful.")),
        .candidateCreated(.init(id: "U1", kind: .user, parent: nil, task: "counting", origin: .initial, text: "Count.<Question>{question}</Question>")),
        .candidateCreated(.init(id: "U2", kind: .user, parent: nil, task: "walking", origin: .initial, text: "Walk.<Question>{question}</Question>")),
        .phaseStarted(.init(iteration: 1, phase: .inner)),
        .candidateCreated(.init(id: "U4", kind: .user, parent: "U1", task: "counting", origin: .rewrite, text: "Count well.<Question>{question}</Question>")),
        // Asked ahead for a race that ended: this progress never finishes.
        .evaluationProgress(.init(node: NodeRef(system: "S1", user: "U4", task: "counting"), split: .train, done: 8, of: 10, correct: 5)),
        .phaseFinished(.init(iteration: 1, phase: .inner)),
    ]

    @Test func theTestPhaseShowsItsOwnNodeTaskAndCount() {
        let atStart = Self.line(Self.start + [.phaseStarted(.init(iteration: 1, phase: .test))])
        #expect(!atStart.contains("U4") && !atStart.contains("counting"), "\(atStart)")

        let test: [EngineEvent] = [
            .phaseStarted(.init(iteration: 1, phase: .test)),
            .evaluationProgress(.init(node: NodeRef(system: "S1", user: "U1", task: "counting"), split: .test, done: 4, of: 4, correct: 2)),
            .evaluationProgress(.init(node: NodeRef(system: "S1", user: "U2", task: "walking"), split: .test, done: 3, of: 4, correct: 1)),
        ]
        let during = Self.line(Self.start + test)
        #expect(during.contains("task walking") && during.contains("S1/U2 3/4"), "\(during)")
        #expect(during.contains("evals 1/4"), "\(during)")
        #expect(!during.contains("U4"), "\(during)")
        // The batch's evaluation_finished events do not count a node twice.
        let finished = Self.line(Self.start + test + [
            .evaluationProgress(.init(node: NodeRef(system: "S1", user: "U2", task: "walking"), split: .test, done: 4, of: 4, correct: 1)),
            .evaluationFinished(.init(node: NodeRef(system: "S1", user: "U1", task: "counting"), split: .test, score: 0.5, n: 4, wrong: [])),
            .evaluationFinished(.init(node: NodeRef(system: "S1", user: "U2", task: "walking"), split: .test, score: 0.25, n: 4, wrong: [])),
        ])
        #expect(finished.contains("evals 2/4"), "\(finished)")
    }
}
