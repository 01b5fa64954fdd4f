import Foundation
import Testing
@testable import SPOCore

/// Numbers past what a Double holds (found by fuzzing): JSON has no infinity, so
/// `1e400` is refused with a message instead of read as infinity, which the
/// session writer could not write back and which trapped integer conversions.
struct NumberRangeTests {
    static let header = #"{"format":"metaspo-session","version":1,"created":"2026-11-27T09:12:03Z","config":{}}"#

    @Test func aSessionLineWithAnInfiniteNumberIsRefused() throws {
        let text = Self.header + "\n" + #"{"seq":1,"t":1e400,"type":"paused"}"# + "\n" + #"{"seq":2,"t":1.5,"type":"resumed"}"# + "\n"
        #expect(throws: SPOError("fuzz.jsonl:2: invalid JSON at column 19: number out of range")) {
            try SessionReader.read(bytes: Array(text.utf8), name: "fuzz.jsonl")
        }
        let lenient = try SessionReader.read(bytes: Array(text.utf8), name: "fuzz.jsonl", mode: .lenient)
        #expect(lenient.events.map(\.seq) == [2] && lenient.skipped.map(\.line) == [2])
        #expect(throws: SPOError.self) { try JSONValue.parse("[-1e309]") }
        // Large but finite numbers still read.
        #expect(try JSONValue.parse("[1e300, -2.5e-300]") == [1e300, -2.5e-300])
    }

    @Test func aDataFileWithAnInfiniteNumberNamesItsLine() throws {
        #expect(throws: JSONParser.Failure(line: 2, column: 17, problem: "number out of range: 1e999")) {
            try JSONParser.parse("[\n {\"score\": 1e999}]")
        }
        #expect(throws: SPOError("d.json:1: invalid JSON at column 34: number out of range: -1E+400")) {
            try DataFileLoader.json(#"[{"question":"q","answer":-1E+400}]"#, file: "d.json", columns: nil)
        }
    }
}
