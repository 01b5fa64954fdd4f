import Foundation
import SPOCore
import SPODashboard
import Testing

/// A synthetic session the size of a long run (1,000 candidates, every one
/// scored under several system prompts), to keep folding and drawing free of
/// anything quadratic. Timings are printed, not judged; the bound below only
/// catches a pathological slowdown.
struct LargeSessionTests {
    static func records(systems: Int = 100, tasks: Int = 3, usersPerTask: Int = 3) -> [EventRecord] {
        var events: [EngineEvent] = []
        let taskNames = (0..<tasks).map { "task\($0)" }
        events.append(.runStarted(.init(run: "large", method: "metaspo", config: ["iterations": .int(systems / 9)], tasks: taskNames.map { .init(name: $0, role: .source, train: 50, test: 100) }, models: [.base: "b", .optimizer: "o"])))
        var user = 0
        var kept: [String: [String]] = [:]
        for s in 1...systems {
            events.append(.phaseStarted(.init(iteration: s / 9, phase: s % 2 == 0 ? .outer : .inner)))
            events.append(.candidateCreated(.init(id: "S\(s)", kind: .system, parent: s == 1 ? nil : "S\(s - 1)", origin: s == 1 ? .initial : .rewrite, text: "System prompt \(s): be careful and check each step. " + String(repeating: "Detail. ", count: 20))))
            for t in taskNames {
                var ids: [String] = []
                for _ in 0..<usersPerTask {
                    user += 1
                    ids.append("U\(user)")
                    events.append(.candidateCreated(.init(id: "U\(user)", kind: .user, parent: user > tasks * usersPerTask ? "U\(user - tasks * usersPerTask)" : nil, task: t, origin: .rewrite, text: "Answer step by step.\n<Question>{question}</Question> \(user)")))
                }
                kept[t] = ids
                for u in ids {
                    let node = NodeRef(system: "S\(s)", user: u, task: t)
                    for done in stride(from: 5, through: 50, by: 5) {
                        events.append(.evaluationProgress(.init(node: node, split: .train, done: done, of: 50, correct: done / 2)))
                    }
                    let wrong = (0..<10).map { EngineEvent.WrongExample(i: $0, response: "reply \($0) <answer>x</answer>", prediction: "x", gold: "y") }
                    events.append(.evaluationFinished(.init(node: node, split: .train, score: Double((s + user) % 50) / 50, n: 50, wrong: wrong)))
                }
                events.append(.analysisCreated(.init(id: "A\(s)\(t)", target: "S\(s)", kind: .system, text: "Analysis of S\(s) on \(t).", examples: [1, 2, 3])))
            }
            events.append(.selection(.init(iteration: s / 9, phase: .inner, kept: kept, currentSystem: "S\(s)")))
            events.append(.usage(.init(role: .base, calls: s * 500, promptTokens: s * 40_000, completionTokens: s * 5_000)))
        }
        return events.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset) * 0.01, event: $0.element) }
    }

    @Test func foldsAndDrawsALongRunQuickly() {
        let records = Self.records()
        let clock = ContinuousClock()
        var state = DashboardState(mode: .replay, size: Size(width: 200, height: 60))
        let fold = clock.measure { state.apply(records) }
        #expect(state.run.order.count == 1000)
        // Open every system prompt: the tree then has over 2,000 rows.
        for s in state.run.systems where !state.isExpanded(s) { state.ui.toggled.insert(s) }
        _ = state.update(.end)
        var frame = Screen(width: 1, height: 1)
        let draw = clock.measure { for _ in 0..<10 { frame = Renderer.render(state) } }
        #expect(frame.text.contains("S100"))
        print("large session: \(records.count) events folded in \(fold), a 200x60 frame with \(state.treeRows().count) tree rows in \(draw / 10)")
        #expect(draw / 10 < .seconds(2))
    }
}
