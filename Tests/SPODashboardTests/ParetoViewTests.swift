import Foundation
import SPOCore
import SPODashboard
import Testing

/// Issue 21: the dashboard marks the members of a Pareto front.
struct ParetoViewTests {
    @Test func frontMembersAreMarkedInTheTreeAndDetail() {
        let node = { (s: String) in NodeRef(system: s, user: "U1", task: "counting") }
        let events: [EngineEvent] = [
            .runStarted(.init(run: "p", method: "metaspo", config: ["selection": .string("pareto")], tasks: [.init(name: "counting", role: .source, train: 4, test: 4)], models: [:])),
            .candidateCreated(.init(id: "S1", kind: .system, parent: nil, origin: .initial, text: "Be helpful.")),
            .candidateCreated(.init(id: "U1", kind: .user, parent: nil, task: "counting", origin: .initial, text: "Count.<Question>{question}</Question>")),
            .evaluationFinished(.init(node: node("S1"), split: .train, score: 0.5, n: 4, wrong: [])),
            .candidateCreated(.init(id: "S2", kind: .system, parent: "S1", origin: .rewrite, text: "Be careful.")),
            .candidateCreated(.init(id: "S3", kind: .system, parent: "S1", origin: .rewrite, text: "Be sloppy.")),
            .evaluationFinished(.init(node: node("S2"), split: .train, score: 0.75, n: 4, wrong: [])),
            .evaluationFinished(.init(node: node("S3"), split: .train, score: 0.25, n: 4, wrong: [])),
            .selection(.init(iteration: 1, phase: .outer, kept: ["counting": ["U1"]], currentSystem: "S2", population: ["S2", "S1"])),
        ]
        var s = DashboardState(mode: .replay, size: Size(width: 120, height: 36))
        s.apply(events.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset), event: $0.element) })
        let lines = Renderer.render(s).text.split(separator: "\n")
        func row(_ id: String) -> String { String(lines.first { $0.contains("\(id)  ") && $0.contains("%") } ?? "") }
        #expect(row("S2").contains("★F"), "\(row("S2"))")
        #expect(row("S1").contains(" F"), "\(row("S1"))")
        #expect(!row("S3").contains("F "), "\(row("S3"))")
        s.select(candidate: "S1")
        _ = s.update(.enter)
        #expect(Renderer.render(s).text.contains("front member 2 of 2"))
    }
}
