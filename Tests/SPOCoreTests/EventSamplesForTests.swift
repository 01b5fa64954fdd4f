@testable import SPOCore

/// One event of every type, with awkward text, and the example lines of DESIGN.md.
enum EventSamples {
    static let node = NodeRef(system: "S1", user: "U1", task: "navigate")
    /// Quotes, backslashes, newlines, a terminal escape sequence, a C1 control,
    /// DEL, NUL, accents, CJK and an emoji.
    static let awkward = "Say \"hi\"\\ then\n\tstop \u{1B}[31mred\u{1B}[0m \u{9B}2J \u{7F}\u{0} café 東京 🚀 {question}"

    static let all: [EngineEvent] = [
        .runStarted(.init(
            run: "2026-11-27T09-12-03", method: "metaspo",
            config: ["train_size": 50, "temperature": 0.0, "tasks": ["navigate", "object_counting"], "nested": ["k": nil]],
            tasks: [.init(name: "navigate", role: .source, train: 50, test: 500), .init(name: "dates", role: .unseen, train: 0, test: 100)],
            models: [.optimizer: "gpt-4o-mini", .base: "qwen-1.5b"])),
        .candidateCreated(.init(id: "S1", kind: .system, origin: .initial, text: "You are a helpful assistant.")),
        .candidateCreated(.init(id: "U2", kind: .user, parent: "U1", task: "navigate", origin: .rewrite, analysis: "A1", text: awkward)),
        .phaseStarted(.init(iteration: 0, phase: .initial)),
        .phaseFinished(.init(iteration: 3, phase: .outer)),
        .evaluationProgress(.init(node: node, split: .train, done: 20, of: 50, correct: 11)),
        .evaluationFinished(.init(
            node: node, split: .train, score: 0.54, n: 50,
            wrong: [.init(i: 3, response: awkward, prediction: "B", gold: "A"), .init(i: 9, response: "no tag", prediction: nil, gold: "yes")])),
        .evaluationFinished(.init(node: node, split: .test, score: 1.0, n: 500, wrong: [], low: 0.9926, high: 1.0, correct: 500)),
        .analysisCreated(.init(id: "A1", target: "U1", kind: .user, text: awkward, examples: [3, 8, 19])),
        .candidateRejected(.init(reason: "reply had no <improved_instruction_prompt> tag", attempt: 2)),
        .candidateRejected(.init(reason: "lost the {question} slot", attempt: 1, target: "U2", task: "navigate", kind: .user)),
        .selection(.init(iteration: 1, phase: .inner, kept: ["navigate": ["U2", "U1"], "counting": ["U5"]], currentSystem: "S1")),
        .selection(.init(iteration: 2, phase: .generation, kept: ["navigate": ["U1"]], currentSystem: "S4", population: ["S4", "S1", "S3"])),
        .command(.init(command: .pin, id: "U2", by: .user)),
        .command(.init(command: .pause, by: CommandSource(rawValue: "cli"))),
        .commandRefused(.init(command: .prune, id: "U3", reason: "it is the only kept user prompt of navigate")),
        .usage(.init(role: .base, calls: 120, promptTokens: 30110, completionTokens: 2950, cacheHits: 12, errors: 0, costUSD: 0.0)),
        .usage(.init(role: .optimizer, calls: 7, promptTokens: 9000, completionTokens: 4000, cacheHits: 0, errors: 1, costUSD: 0.00375, retries: 3, latency: 16.25)),
        .warning(message: "endpoint answered 429; retrying in 2.0 s"),
        .error(message: awkward),
        .paused,
        .resumed,
        .budgetReached(.init(what: "cost_usd", limit: 5, value: 5.0125)),
        .race(.init(
            iteration: 1, phase: .outer, task: nil, round: 2, n: 75, of: 600, scores: ["S1": 0.52, "S3": 0.61, "S4": 0.4133],
            incumbents: ["S1"], alive: ["S3"], dropped: ["S4"], saved: 1234)),
        .race(.init(iteration: 2, phase: .inner, task: "navigate", round: 1, n: 13, of: 50, scores: [:], incumbents: [], alive: ["U9"], dropped: [], saved: 0)),
        .runFinished(.init(bestSystem: "S4", summary: ["train": ["navigate": [0.54, 0.61]], "calls": 1234, "note": .string(awkward)])),
        .runFinished(.init(bestSystem: nil)),
        .stopped(.init(reason: "stop command", resumable: true)),
        .unknown(type: "future_thing", fields: ["z": 1, "a": ["deep": [true, nil, 2.5]], "text": "x"]),
    ]

    /// DESIGN.md's example lines, as written there.
    static let designLines = [
        #"{"seq":1,"t":0.0,"type":"run_started","run":"2026-11-27T09-12-03","method":"metaspo","config":{},"tasks":[{"name":"navigate","role":"source","train":50,"test":500}],"models":{"base":"qwen-1.5b","optimizer":"qwen-1.5b"}}"#,
        #"{"seq":2,"t":0.1,"type":"candidate_created","id":"S1","kind":"system","parent":null,"task":null,"origin":"initial","text":"You are a helpful assistant."}"#,
        #"{"seq":3,"t":0.1,"type":"candidate_created","id":"U1","kind":"user","parent":null,"task":"navigate","origin":"initial","text":"…<Question>{question}</Question>…"}"#,
        #"{"seq":4,"t":0.2,"type":"phase_started","iteration":0,"phase":"init"}"#,
        #"{"seq":5,"t":9.8,"type":"evaluation_progress","node":{"system":"S1","user":"U1","task":"navigate"},"split":"train","done":20,"of":50,"correct":11}"#,
        #"{"seq":6,"t":24.0,"type":"evaluation_finished","node":{"system":"S1","user":"U1","task":"navigate"},"split":"train","score":0.54,"n":50,"wrong":[{"i":3,"response":"…","prediction":"B","gold":"A"}]}"#,
        #"{"seq":7,"t":25.0,"type":"analysis_created","id":"A1","for":"U1","kind":"user","text":"…","examples":[3,8,19]}"#,
        #"{"seq":8,"t":31.5,"type":"candidate_created","id":"U2","kind":"user","parent":"U1","task":"navigate","origin":"rewrite","analysis":"A1","text":"…"}"#,
        #"{"seq":9,"t":31.6,"type":"candidate_rejected","reason":"reply had no <improved_instruction_prompt> tag","attempt":2}"#,
        #"{"seq":10,"t":60.2,"type":"selection","iteration":1,"phase":"inner","kept":{"navigate":["U2","U1"]},"current_system":"S1"}"#,
        #"{"seq":11,"t":61.0,"type":"command","command":"pin","id":"U2","by":"user"}"#,
        #"{"seq":12,"t":61.0,"type":"usage","role":"base","calls":120,"prompt_tokens":30110,"completion_tokens":2950,"cache_hits":12,"errors":0,"cost_usd":0.0}"#,
        #"{"seq":13,"t":62.0,"type":"warning","message":"endpoint answered 429; retrying in 2.0 s"}"#,
        #"{"seq":14,"t":900.0,"type":"run_finished","best_system":"S4","summary":{}}"#,
    ]

    /// The samples stamped with seq 1, 2, 3… and growing times.
    static var records: [EventRecord] {
        all.enumerated().map { EventRecord(seq: $0.offset + 1, t: Double($0.offset) * 1.25, event: $0.element) }
    }
}
