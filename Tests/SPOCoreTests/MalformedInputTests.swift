import Foundation
import Testing
@testable import SPOCore

/// Every malformed input gives one clear line naming the file, the line or
/// index, and the field — never a crash.
struct MalformedInputTests {
    func loadError(_ files: [String: [UInt8]], load: String) -> String? {
        let dir = TempDir()
        for (name, bytes) in files { dir.write(name, bytes: bytes) }
        var warnings: [String] = []
        do {
            _ = try TaskLoader.load(path: dir.path + "/" + load, warnings: &warnings)
            return nil
        } catch {
            // One line, naming the file.
            #expect(!error.message.contains("\n"))
            #expect(error.message.contains(dir.path))
            return error.message.replacingOccurrences(of: dir.path + "/", with: "")
        }
    }

    func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func truncatedJSON() {
        let msg = loadError(["d.json": text("{\"train\": [\n  {\"question\": \"q\", \"answer\": 1},\n  {\"question\": \"r\"")], load: "d.json")
        #expect(msg == "d.json:3: invalid JSON at column 19: unexpected end of file inside an object")
    }

    @Test func missingField() {
        let msg = loadError(["d.json": text("{\"train\": [{\"question\": \"q\", \"answer\": 1},\n {\"answer\": 2}], \"test\": []}")], load: "d.json")
        #expect(msg == "d.json:2: train[1]: missing field \"question\"")
    }

    @Test func wrongFieldType() {
        let msg = loadError(["d.json": text("{\"test\": [{\"question\": \"q\", \"answer\": {\"x\": 1}}]}")], load: "d.json")
        #expect(msg == "d.json:1: test[0].answer: expected text, a number or a list, found an object")
    }

    @Test func emptyFile() {
        #expect(loadError(["e.json": []], load: "e.json") == "e.json: the file is empty")
        #expect(loadError(["e.csv": text("\n\n")], load: "e.csv") == "e.csv: the file is empty")
    }

    /// Issue 19, defect 9: a file that parses but holds no example is refused by every loader.
    @Test func aFileWithoutExamples() {
        let refusal = "a task needs at least one example with a question and an answer"
        #expect(loadError(["a.json": text("[]")], load: "a.json")?.hasSuffix("a.json: no examples in the file; " + refusal) == true)
        // The other shapes are refused too (their loaders name what is missing).
        #expect(loadError(["m.json": text("{\"train\": [], \"test\": []}")], load: "m.json")?.hasPrefix("m.json") == true)
        #expect(loadError(["b.json": text("{\"examples\": []}")], load: "b.json")?.hasPrefix("b.json") == true)
        #expect(loadError(["h.csv": text("question,answer\n")], load: "h.csv")?.hasPrefix("h.csv") == true)
    }

    @Test func invalidUTF8() {
        let bytes = text("{\"test\": [\n{\"question\": \"caf") + [0xC3, 0x28] + text("\", \"answer\": \"x\"}]}")
        #expect(loadError(["u.json": bytes], load: "u.json") == "u.json:2: invalid UTF-8 (byte 28); save the file as UTF-8")
    }

    @Test func promptWithoutQuestionSlot() {
        let msg = loadError([
            "d.jsonl": text("{\"question\": \"q\", \"answer\": \"a\"}\n"),
            "s.yaml": text("data: d.jsonl\nuser_prompt: \"Answer this.\"\n"),
        ], load: "s.yaml")
        #expect(msg == "s.yaml:2: user_prompt: must contain the {question} slot")
    }

    @Test func csvMissingColumn() {
        let msg = loadError([
            "d.csv": text("text,stars\nnice,5\n"),
            "s.yaml": text("data: d.csv\ncolumns: {question: text, answer: rating}\n"),
        ], load: "s.yaml")
        #expect(msg == "d.csv:1: header: column \"rating\" not found (columns: text, stars)")
    }

    @Test func csvRaggedRow() {
        let msg = loadError(["d.csv": text("question,answer\nq1,1\nq2,2,extra\n")], load: "d.csv")
        #expect(msg == "d.csv:3: 3 fields, but the header has 2")
    }

    @Test func unknownAnswerKind() {
        let msg = loadError([
            "d.jsonl": text("{\"question\": \"q\", \"answer\": \"a\"}\n"),
            "s.yaml": text("data: d.jsonl\nanswer: colour\n"),
        ], load: "s.yaml")
        #expect(msg?.hasPrefix("s.yaml:2: answer: unknown answer kind \"colour\" (allowed: letter, integer") == true)
    }

    @Test func unknownMetric() {
        let msg = loadError([
            "d.jsonl": text("{\"question\": \"q\", \"answer\": \"a\"}\n"),
            "s.yaml": text("data: d.jsonl\nmetric: bleu\n"),
        ], load: "s.yaml")
        #expect(msg == "s.yaml:2: metric: \"bleu\" is not allowed (allowed: accuracy, macro_f1, exact_match)")
    }

    @Test func jsonlBadLine() {
        let msg = loadError(["d.jsonl": text("{\"question\": \"q\", \"answer\": \"a\"}\n{\"question\": \"r\", \"answer\": }\n")], load: "d.jsonl")
        #expect(msg == "d.jsonl:2: invalid JSON at column 29: unexpected character '}'")
        let msg2 = loadError(["d.jsonl": text("{\"question\": \"q\", \"answer\": \"a\"}\n\n{\"q\": \"r\"}\n")], load: "d.jsonl")
        #expect(msg2 == "d.jsonl:3: missing field \"question\"")
    }

    @Test func bigbenchWithoutTargets() {
        let msg = loadError(["b.json": text("{\"examples\": [{\"input\": \"x\"}]}")], load: "b.json")
        #expect(msg == "b.json:1: examples[0]: missing field \"target_scores\" or \"target\"")
    }

    @Test func goldThatDoesNotFitTheKind() {
        let msg = loadError([
            "d.jsonl": text("{\"question\": \"q\", \"answer\": \"lots\"}\n{\"question\": \"r\", \"answer\": \"3\"}\n"),
            "s.yaml": text("data: d.jsonl\nanswer: integer\n"),
        ], load: "s.yaml")
        #expect(msg == "d.jsonl:1: gold answer \"lots\" cannot be read as integer (set `answer:` in a task spec)")
    }

    @Test func specWithoutData() {
        let msg = loadError(["s.yaml": text("name: x\n")], load: "s.yaml")
        #expect(msg == "s.yaml:1: data: missing: the path of the data file")
    }

    @Test func brokenYAML() {
        let msg = loadError(["s.yaml": text("data: d.jsonl\ncolumns: {question: a\n")], load: "s.yaml")
        #expect(msg?.hasPrefix("s.yaml:3: invalid YAML") == true || msg?.hasPrefix("s.yaml:2: invalid YAML") == true)
    }

    @Test func missingFile() {
        let msg = loadError([:], load: "nope.json")
        #expect(msg == "nope.json: file not found")
    }

    @Test func fuzzedBytesNeverCrash() {
        // A small seeded fuzz of the JSON parser and loaders (the big run is separate).
        var rng = SeededRandom(seed: 7)
        let seedText = Array("{\"train\": [{\"question\": \"q\\u00e9\", \"answers\": [\"a\", 1]}], \"test\": [{\"question\": \"r\", \"answer\": 2.5e1}]}".utf8)
        for _ in 0..<2000 {
            var bytes = seedText
            for _ in 0..<rng.int(in: 1...4) {
                let i = rng.below(bytes.count)
                switch rng.below(3) {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                }
            }
            if let s = String(validating: bytes, as: UTF8.self) { _ = try? JSONParser.parse(s) }
            _ = try? TextFile.decode(.init(bytes), name: "f")
        }
    }
}
