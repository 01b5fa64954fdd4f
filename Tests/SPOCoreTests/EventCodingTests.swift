import Foundation
import Testing
@testable import SPOCore

struct EventCodingTests {
    @Test func everyKnownTypeHasASample() {
        let sampled = Set(EventSamples.all.map(\.type))
        for type in EngineEvent.knownTypes { #expect(sampled.contains(type), "no sample of \(type)") }
    }

    @Test(arguments: EventSamples.records)
    func roundTrip(_ record: EventRecord) throws {
        let line = record.jsonLine
        #expect(!line.contains("\n"))
        let back = try EventRecord(jsonLine: line)
        #expect(back == record)
        // Writing again gives the very same bytes.
        #expect(back.jsonLine == line)
        // Through Codable and Foundation's JSON as well.
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(EventRecord.self, from: data) == record)
    }

    @Test func designExamplesDecodeAndReencodeIdentically() throws {
        for line in EventSamples.designLines {
            let record = try EventRecord(jsonLine: line)
            #expect(record.jsonLine == line)
        }
        let finished = try EventRecord(jsonLine: EventSamples.designLines[5])
        guard case .evaluationFinished(let e) = finished.event else {
            Issue.record("wrong case")
            return
        }
        #expect(e.node == NodeRef(system: "S1", user: "U1", task: "navigate"))
        #expect(e.score == 0.54 && e.n == 50 && e.wrong.first?.gold == "A" && e.low == nil)
        let analysis = try EventRecord(jsonLine: EventSamples.designLines[6])
        #expect(analysis.event == .analysisCreated(.init(id: "A1", target: "U1", kind: .user, text: "…", examples: [3, 8, 19])))
    }

    @Test func keyOrderIsSeqTimeTypeThenFields() {
        let record = EventRecord(seq: 7, t: 2.5, event: .command(.init(command: .prune, id: "U3", by: .user)))
        #expect(record.jsonLine == #"{"seq":7,"t":2.5,"type":"command","command":"prune","id":"U3","by":"user"}"#)
        let started = EventRecord(seq: 1, t: 0, event: EventSamples.all[0])
        #expect(started.jsonLine.contains(#""models":{"base":"qwen-1.5b","optimizer":"gpt-4o-mini"}"#))
        #expect(started.jsonLine.contains(#""config":{"train_size":50,"temperature":0.0,"#))
    }

    @Test func unknownTypeRoundTripsWithItsFieldsInOrder() throws {
        let line = #"{"seq":4,"t":1.5,"type":"racing_round","zeta":[1,{"b":null,"a":"x"}],"alpha":"\u001b[0m"}"#
        let record = try EventRecord(jsonLine: line)
        #expect(record.event.type == "racing_round")
        guard case .unknown(_, let fields) = record.event else {
            Issue.record("expected unknown")
            return
        }
        #expect(fields["alpha"] == "\u{1B}[0m")
        #expect(record.jsonLine == line)
    }

    @Test func unknownFieldsOfKnownTypesAreIgnored() throws {
        let record = try EventRecord(jsonLine: #"{"seq":1,"t":0,"type":"phase_started","iteration":2,"phase":"outer","color":"blue"}"#)
        #expect(record.event == .phaseStarted(.init(iteration: 2, phase: .outer)))
        #expect(record.t == 0)
    }

    func decodeError(_ line: String) -> String? {
        do {
            _ = try EventRecord(jsonLine: line)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func missingOrMistypedFieldsAreNamed() {
        #expect(decodeError(#"{"seq":6,"t":24.0,"type":"evaluation_finished","node":{"system":"S1","user":"U1","task":"x"},"split":"train","n":50,"wrong":[]}"#)
            == #"evaluation_finished: missing field "score""#)
        #expect(decodeError(#"{"seq":6,"t":24.0,"type":"evaluation_progress","node":{"system":"S1","task":"x"},"split":"train","done":1,"of":2,"correct":1}"#)
            == #"evaluation_progress: missing field "node.user""#)
        #expect(decodeError(#"{"seq":6,"t":1,"type":"evaluation_finished","node":{"system":"S1","user":"U1","task":"x"},"split":"train","score":1,"n":1,"wrong":[{"i":1,"response":"r","prediction":null}]}"#)
            == #"evaluation_finished: missing field "wrong[0].gold""#)
        #expect(decodeError(#"{"seq":1,"t":0,"type":"phase_started","iteration":"two","phase":"x"}"#)
            == #"phase_started: field "iteration": expected a whole number, found text"#)
        #expect(decodeError(#"{"seq":1,"t":0,"type":"candidate_created","id":"S9","kind":"assistant","origin":"manual","text":"x"}"#)
            == #"candidate_created: field "kind": expected "system" or "user", found "assistant""#)
        #expect(decodeError(#"{"t":0,"type":"paused"}"#) == #"paused: missing field "seq""#)
        #expect(decodeError(#"{"seq":1,"t":0}"#) == #"event: missing field "type""#)
        #expect(decodeError(#"[1,2]"#) == "expected an event object, found a list")
        #expect(decodeError(#"{"seq":1,"t":0,"type":"paused""#) == "invalid JSON at column 31: the line ends inside an object")
        // Text echoed from the file is made inert.
        #expect(decodeError("{\"t\":0,\"type\":\"x\\u001b[2J\"}") == #"x\u001b[2J: missing field "seq""#)
    }

    @Test func textsStayExactAndControlsAreEscaped() throws {
        let record = EventRecord(seq: 1, t: 0, event: .warning(message: EventSamples.awkward))
        let bytes = record.jsonBytes()
        // No raw control byte (C0, DEL) and no raw C1 in the line.
        #expect(!bytes.contains { $0 < 0x20 || $0 == 0x7F })
        #expect(!record.jsonLine.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
        #expect(record.jsonLine.contains(#"\u001b[31m"#))
        #expect(record.jsonLine.contains(#"\u009b2J"#))
        #expect(record.jsonLine.contains("東京 🚀"))
        #expect(try EventRecord(jsonLine: record.jsonLine) == record)
    }

    @Test func numbersKeepTheirForm() throws {
        #expect(EventRecord(seq: 1, t: 0, event: .paused).jsonLine == #"{"seq":1,"t":0.0,"type":"paused"}"#)
        let tiny = EventRecord(seq: 2, t: 1e-5, event: .budgetReached(.init(what: "calls", limit: 20000, value: 20001)))
        #expect(try EventRecord(jsonLine: tiny.jsonLine) == tiny)
        // Numbers JSON cannot hold are written as null rather than as invalid JSON.
        let nan = EventRecord(seq: 3, t: 1, event: .budgetReached(.init(what: "x", limit: .infinity, value: .nan)))
        #expect(nan.jsonLine.hasSuffix(#""limit":null,"value":null}"#))
        #expect(throws: SPOError.self) { try EventRecord(jsonLine: nan.jsonLine) }
    }

    @Test func jsonValueEqualityIgnoresKeyOrder() {
        let a: JSONValue = ["x": 1, "y": [true, nil]]
        let b: JSONValue = ["y": [true, nil], "x": 1.0]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.compactText == #"{"x":1,"y":[true,null]}"#)
        #expect(b.compactText == #"{"y":[true,null],"x":1.0}"#)
        #expect(JSONValue(sortedKeys: ["b": 2, "a": 1]).compactText == #"{"a":1,"b":2}"#)
    }

    @Test func jsonValueFromEncodable() throws {
        let value = try JSONValue.encoding(["b": [1, 2], "a": [3]])
        #expect(value.compactText == #"{"a":[3],"b":[1,2]}"#)
    }
}
