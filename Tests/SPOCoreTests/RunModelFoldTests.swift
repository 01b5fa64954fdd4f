import Foundation
import Testing
@testable import SPOCore

/// The one fold of the event log (`RunModel`), as `sessions`, `replay --json`
/// and the engine's digests read it.
struct RunModelFoldTests {
    func fold(_ lines: [String]) throws -> RunModel {
        var state = RunModel()
        for line in lines { state.apply(try EventRecord(jsonLine: line)) }
        return state
    }

    /// Issue 19, defect 8: a resumed run is not "stopped" while it runs, nor once it finished.
    @Test func aResumedRunIsLiveAgain() throws {
        var s = RunModel()
        s.apply(EventRecord(seq: 0, t: 0, event: .runStarted(.init(run: "r", method: "metaspo", tasks: [], models: [:]))))
        let stopped = EngineEvent.stopped(.init(reason: "stopped by user", resumable: true))
        s.apply(EventRecord(seq: 1, t: 1, event: .phaseStarted(.init(iteration: 0, phase: .initial))))
        s.apply(EventRecord(seq: 2, t: 2, event: .usage(.init(role: .base, calls: 1, promptTokens: 1, completionTokens: 1, cacheHits: 0, errors: 0, costUSD: 0))))
        s.apply(EventRecord(seq: 3, t: 3, event: stopped))
        #expect(s.status == "stopped")
        // What a stopping engine writes on its way out keeps it stopped.
        s.apply(EventRecord(seq: 4, t: 3, event: .warning(message: "late")))
        #expect(s.status == "stopped")
        // The resumed process goes on.
        s.apply(EventRecord(seq: 5, t: 4, event: .phaseStarted(.init(iteration: 1, phase: .inner))))
        #expect(s.status == "running" && s.stopped == nil)
        s.apply(EventRecord(seq: 6, t: 5, event: .runFinished(.init(bestSystem: "S1"))))
        #expect(s.status == "finished" && s.stopped == nil)
    }

    @Test func foldsTheDesignExample() throws {
        let s = try fold(EventSamples.designLines)
        #expect(s.runID == "2026-11-27T09-12-03" && s.method == "metaspo")
        #expect(s.tasks.map(\.name) == ["navigate"])
        #expect(s.order == ["S1", "U1", "U2"])
        #expect(s.candidates["U2"]?.parent == "U1" && s.candidates["U2"]?.analysis == "A1")
        #expect(s.candidates["U2"]?.pinned == true && s.candidates["U1"]?.pinned == false)
        #expect(s.kept == ["navigate": ["U2", "U1"]])
        #expect(s.currentSystem == "S1" && s.bestSystem == "S4" && s.bestSoFar == "S4")
        #expect(s.iteration == 1 && s.phase == .initial)
        #expect(s.scores[ScoreKey(node: EventSamples.node, split: .train)]?.score == 0.54)
        #expect(s.inFlight.isEmpty)
        #expect(s.analyses["A1"]?.event.examples == [3, 8, 19])
        #expect(s.usage[.base]?.calls == 120)
        #expect(s.rejectedTotal == 1 && s.warnings == 1 && s.lastWarning?.contains("429") == true)
        #expect(s.finished && s.status == "finished")
        #expect(s.lastSeq == 14 && s.lastT == 900 && s.eventCount == 14)
    }

    @Test func commandsPauseStopAndUnknowns() {
        var s = RunModel()
        var seq = 0
        func apply(_ e: EngineEvent) { seq += 1; s.apply(EventRecord(seq: seq, t: Double(seq), event: e)) }
        apply(.candidateCreated(.init(id: "S1", kind: .system, origin: .initial, text: "a")))
        apply(.candidateCreated(.init(id: "S2", kind: .system, parent: "S1", origin: .rewrite, text: "b")))
        #expect(s.currentSystem == "S1")
        apply(.evaluationProgress(.init(node: .init(system: "S2", user: "U1", task: "t"), split: .train, done: 1, of: 9, correct: 0)))
        #expect(s.inFlight.count == 1)
        apply(.command(.init(command: .prune, id: "S2", by: .user)))
        apply(.command(.init(command: .pin, id: "S9", by: .user)))  // unknown id: ignored
        #expect(s.candidates["S2"]?.pruned == true && s.candidates["S9"] == nil)
        apply(.paused)
        #expect(s.status == "paused")
        apply(.resumed)
        apply(.unknown(type: "later", fields: [:]))
        apply(.usage(.init(role: .base, calls: 5)))
        apply(.usage(.init(role: .base, calls: 9)))  // totals: the latest wins
        #expect(s.usage[.base]?.calls == 9)
        apply(.budgetReached(.init(what: "calls", limit: 10, value: 10)))
        apply(.stopped(.init(reason: "budget", resumable: true)))
        #expect(s.status == "stopped" && s.stopped?.resumable == true)
        #expect(s.unknownEvents == 1 && s.budgetsReached.count == 1 && s.commands.count == 2)
        #expect(s.bestSoFar == "S1")
        // A resume starts the run again without forgetting what was found.
        apply(.runStarted(.init(run: "r", method: "metaspo", tasks: [], models: [:])))
        #expect(s.status == "running" && s.candidates.count == 2)
        // A prune takes a pin away (the engine keeps neither mark on a pruned prompt).
        apply(.command(.init(command: .pin, id: "S1", by: .user)))
        apply(.command(.init(command: .prune, id: "S1", by: .user)))
        #expect(s.candidates["S1"]?.pinned == false && s.candidates["S1"]?.pruned == true)
    }

    @Test func foldOfWrittenSessionEqualsFoldOfEvents() throws {
        let dir = TempDir()
        let writer = try SessionWriter.create(directory: dir.path, runID: "fold", config: [:])
        var written: [EventRecord] = []
        for e in EventSamples.all { written.append(try writer.append(e)) }
        try writer.close()
        var scanned = RunModel()
        let loaded = try SessionReader.scan(path: writer.path) { scanned.apply($0) }
        #expect(loaded.events.isEmpty && loaded.eventCount == written.count)
        #expect(scanned == RunModel(folding: written))
    }

    @Test func jsonSummaryIsStable() throws {
        let a = try fold(EventSamples.designLines).jsonValue.compactText
        let b = try fold(EventSamples.designLines).jsonValue.compactText
        #expect(a == b)
        #expect(a.hasPrefix(#"{"run":"2026-11-27T09-12-03","method":"metaspo","status":"finished","iteration":1,"phase":"init","current_system":"S1","best_system":"S4","last_seq":14,"t":900.0,"events":14,"#))
        #expect(a.contains(#"{"id":"U2","kind":"user","parent":"U1","task":"navigate","origin":"rewrite","analysis":"A1","pinned":true,"pruned":false,"text":"…"}"#))
        #expect(a.contains(#""scores":[{"node":{"system":"S1","user":"U1","task":"navigate"},"split":"train","score":0.54,"n":50}]"#))
    }
}
