import Foundation
import SPOCore
import SPOReport
import Testing

/// Issue 21: the report shows the front a pareto run kept.
struct ParetoReportTests {
    @Test func theFrontIsATableOfScoresPerTask() {
        let node = { (s: String, t: String, u: String) in NodeRef(system: s, user: u, task: t) }
        let events: [EngineEvent] = [
            .runStarted(.init(
                run: "p", method: "metaspo", config: ["selection": .string("pareto")],
                tasks: [.init(name: "counting", role: .source, train: 4, test: 4), .init(name: "walking", role: .source, train: 4, test: 4)], models: [:])),
            .candidateCreated(.init(id: "S1", kind: .system, parent: nil, origin: .initial, text: "Be helpful.")),
            .candidateCreated(.init(id: "U1", kind: .user, parent: nil, task: "counting", origin: .initial, text: "Count.<Question>{question}</Question>")),
            .candidateCreated(.init(id: "U2", kind: .user, parent: nil, task: "walking", origin: .initial, text: "Walk.<Question>{question}</Question>")),
            .candidateCreated(.init(id: "S2", kind: .system, parent: "S1", origin: .rewrite, text: "Be careful.")),
            .evaluationFinished(.init(node: node("S1", "counting", "U1"), split: .train, score: 0.25, n: 4, wrong: [])),
            .evaluationFinished(.init(node: node("S1", "walking", "U2"), split: .train, score: 1.0, n: 4, wrong: [])),
            .evaluationFinished(.init(node: node("S2", "counting", "U1"), split: .train, score: 0.75, n: 4, wrong: [])),
            .evaluationFinished(.init(node: node("S2", "walking", "U2"), split: .train, score: 0.75, n: 4, wrong: [])),
            .selection(.init(iteration: 1, phase: .outer, kept: ["counting": ["U1"], "walking": ["U2"]], currentSystem: "S2", population: ["S2", "S1"])),
        ]
        let records = events.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset), event: $0.element) }
        let html = Report(sessions: [ReportSession(name: "p.jsonl", header: SessionHeader(created: "2026-12-07T00:00:00Z", config: [:]), records: records)]).html()
        #expect(html.contains("The front the run kept (2 system prompts"))
        // S2 is best on counting, S1 on walking: each best cell in bold.
        #expect(html.contains("<b>75.0%</b>") && html.contains("<b>100.0%</b>"))
    }
}
