import Foundation
import SPOCore
import SPOEngine
import SPOModels
import SPOTestSupport

/// The session the dashboard tests fold: produced by the real `Engine` with
/// `FixtureModel` (never written by hand), then made byte-stable: times become
/// a fixed step per event, progress events of nodes evaluated together
/// (whose interleaving depends on scheduling) are put in a fixed order, and
/// usage events sent along with progress (throttled by the clock) are dropped.
enum Fixture {
    static func records() async throws -> [EventRecord] {
        try await cache.records()
    }

    private static let cache = Cache()

    private actor Cache {
        var stored: [EventRecord]?

        func records() async throws -> [EventRecord] {
            if let stored { return stored }
            let r = try await Fixture.generate()
            stored = r
            return r
        }
    }

    static func config() -> RunConfig {
        // Every candidate scored in full: the frames show whole evaluations. One
        // request at a time per node keeps each node's progress in order.
        var c = RunConfig.small(train: 12, test: 6, inFlight: 1, strategy: .exhaustive)
        c.seed = 7
        // A session of this version (answer costs recorded), asking as before (no stop).
        c.stopAtAnswer = false
        return c
    }

    static func generate() async throws -> [EventRecord] {
        let prompts = try MetaPromptSet.load()
        let model = FixtureModel(prompts: prompts)
        let meter = UsageMeter(prices: ["fixture-optimizer": ModelPrice(inputPerMTok: 0.15, outputPerMTok: 0.6)])
        let cfg = config()
        let setup = EngineSetup(
            config: cfg, sourceTasks: FixtureTasks.source, unseenTasks: FixtureTasks.unseen,
            base: MeteredModel(model, meter: meter, role: .base, priceName: "fixture-base"),
            optimizer: MeteredModel(model, meter: meter, role: .optimizer, priceName: "fixture-optimizer"),
            prompts: prompts, meter: meter, runID: "fixture-run", modelNames: [.base: "fixture-base", .optimizer: "fixture-optimizer"],
            configJSON: try JSONValue.encoding(cfg))
        let sink = MemorySink()
        let engine = Engine(setup: setup, sink: sink)
        _ = try await engine.run()
        return stabilized(sink.records)
    }

    static func stabilized(_ records: [EventRecord]) -> [EventRecord] {
        var out: [EngineEvent] = []
        var batch: [EngineEvent.EvaluationProgress] = []
        func flush() {
            batch.sort { ($0.node, $0.split, $0.done) < ($1.node, $1.split, $1.done) }
            out += batch.map { EngineEvent.evaluationProgress($0) }
            batch = []
        }
        var afterProgress = false
        for r in records {
            if case .evaluationProgress(let p) = r.event {
                batch.append(p)
                afterProgress = true
            } else if case .usage = r.event, afterProgress {
                // Usage riding along with progress (one per role) is throttled by
                // the wall clock, so how many there are changes from run to run.
                continue
            } else {
                afterProgress = false
                flush()
                out.append(r.event)
            }
        }
        flush()
        return out.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset + 1) * 0.75, event: $0.element) }
    }

    /// The events up to and including the first one that matches.
    static func prefix(_ records: [EventRecord], through match: (EngineEvent) -> Bool) -> [EventRecord] {
        guard let i = records.firstIndex(where: { match($0.event) }) else { return records }
        return Array(records[...i])
    }
}
