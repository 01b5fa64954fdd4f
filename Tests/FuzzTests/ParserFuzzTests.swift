import Foundation
import SPODashboard
import Testing
@testable import SPOCore

/// Every parser of untrusted input, fed `METASPO_FUZZ_COUNT` seeded random and
/// mutated inputs (1,000 in CI; 100,000 in the dedicated run, docs/reliability.md):
/// none may crash or hang, and what they accept must hold up (a session that
/// reads folds; an event that reads writes back the same; a repaired file ends
/// at a line boundary; predictions have the shape of their answer kind).
@Suite(.serialized) struct ParserFuzzTests {
    static let seed = FuzzSettings.seed

    /// A folder holding the data files task specs point at.
    static let specFolder: String = {
        let dir = NSTemporaryDirectory() + "metaspo-fuzz-spec-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/data.jsonl", contents: Data(FuzzCorpus.jsonl[0]))
        _ = FileManager.default.createFile(atPath: dir + "/data.csv", contents: Data(FuzzCorpus.table(separator: ",")[1]))
        return dir
    }()

    func check(_ report: FuzzRunner.Report, sourceLocation: SourceLocation = #_sourceLocation) {
        print(report)
        #expect(report.inputs == FuzzSettings.count, sourceLocation: sourceLocation)
        for failure in report.failures.prefix(5) { Issue.record("\(report.name): \(failure)", sourceLocation: sourceLocation) }
    }

    @Test func sessionReader() async {
        let mutator = Mutator(corpus: FuzzCorpus.sessions, tokens: FuzzCorpus.sessionTokens + FuzzCorpus.jsonTokens, seed: Self.seed, stream: "session")
        let scratch = NSTemporaryDirectory() + "metaspo-fuzz-session-\(getpid()).jsonl"
        let report = await FuzzRunner.run("session reader", mutator: mutator) { input in
            let strict = try? SessionReader.read(bytes: input, name: "fuzz.jsonl", mode: .strict)
            let session = try SessionReader.read(bytes: input, name: "fuzz.jsonl", mode: .lenient)
            if let strict, strict.events != session.events { return "strict and lenient reads differ" }
            // What `sessions list` and `replay --json` fold, and what replay draws.
            let state = RunModel(folding: session.events)
            _ = state.candidates.count
            var dashboard = DashboardState(mode: .replay, size: Size(width: 100, height: 30))
            dashboard.apply(session.events)
            if input.count % 4 == 0 { _ = Renderer.render(dashboard) }
            for r in session.events {
                guard let again = try? EventRecord(jsonLine: r.jsonLine) else { return "event \(r.seq) does not read back: \(r.jsonLine)" }
                if again != r { return "event \(r.seq) changes when written and read: \(r.jsonLine)" }
            }
            // Resume's repair leaves a file that ends at a line boundary.
            if input.count % 16 == 0 {
                _ = FileManager.default.createFile(atPath: scratch, contents: Data(input))
                _ = try SessionReader.truncateToLastCompleteLine(path: scratch)
                if let repaired = try? SessionReader.read(path: scratch, mode: .lenient), repaired.truncatedTail != nil {
                    return "still a cut-off line after truncateToLastCompleteLine"
                }
            }
            return nil
        }
        check(report)
    }

    @Test func jsonParsers() async {
        let corpus = FuzzCorpus.metaspoJSON + FuzzCorpus.bigbenchJSON + FuzzCorpus.sessions.map { Array($0.split(separator: 0x0A).last ?? []) }
        let mutator = Mutator(corpus: corpus, tokens: FuzzCorpus.jsonTokens, seed: Self.seed, stream: "json")
        // METASPO_FUZZ_DUMP=FILE writes what both parsers made of each input, one
        // line per input, to compare two builds (the shared scanner's refactor).
        let dump = FuzzSettings.environment["METASPO_FUZZ_DUMP"].map(OutcomeDump.init)
        let report = await FuzzRunner.run("json parsers", mutator: mutator) { input in
            let text = String(decoding: input, as: UTF8.self)
            let tree = try? JSONParser.parse(text)
            _ = try? JSONParser.lines(text, file: "fuzz.jsonl")
            if let dump {
                dump.write(Self.lineParserOutcome(text) + "\t" + Self.bytesParserOutcome(input))
            }
            let value = try input.withUnsafeBufferPointer { buf in try JSONBytesParser.parse(buf) }
            // What the session writer writes, the session reader reads back the same.
            guard let again = try? JSONValue.parse(value.compactText), again == value else { return "value changes when written and read" }
            if let tree, JSONValue(tree) != value, String(validating: input, as: UTF8.self) != nil { return "the two parsers read different values" }
            return nil
        }
        check(report)
    }

    static func lineParserOutcome(_ text: String) -> String {
        do throws(JSONParser.Failure) {
            return JSONValue(try JSONParser.parse(text)).compactText
        } catch {
            return "error \(error.line):\(error.column) \(error.problem)"
        }
    }

    static func bytesParserOutcome(_ input: [UInt8]) -> String {
        input.withUnsafeBufferPointer { buf in
            do throws(JSONBytesParser.Failure) {
                return try JSONBytesParser.parse(buf).compactText
            } catch {
                return "error \(error.column) \(error.problem)"
            }
        }
    }

    /// The loaders' whole path for a file's text: decoding, parsing, examples,
    /// the inferred answer kind, every gold answer normalised, the split.
    static func load(_ input: [UInt8], name: String, _ parse: (String) throws(SPOError) -> LoadedData) throws -> String? {
        let text = try TextFile.decode(Data(input), name: name)
        let data = try parse(text)
        let (kind, _) = TaskLoader.inferKind(data)
        for ex in data.all { _ = AnswerExtractor.normalizedGolds(ex.answers, kind: kind, choices: ex.choices) }
        let split = SPOTask.partition(data.all, trainFraction: 0.5)
        // One example serves as both pools; more are shared out, none lost.
        return data.all.count < 2 || split.train.count + split.test.count == data.all.count ? nil : "partition lost examples"
    }

    @Test func metaspoAndBigBenchJSON() async {
        let mutator = Mutator(corpus: FuzzCorpus.metaspoJSON + FuzzCorpus.bigbenchJSON, tokens: FuzzCorpus.jsonTokens + ["\"train\":", "\"test\":", "\"examples\":", "\"target_scores\":", "\"target\":", "\"input\":", "\"answers\":", "\"choices\":", "\"question\":"], seed: Self.seed, stream: "data-json")
        let report = await FuzzRunner.run("task loader JSON", mutator: mutator) { input in
            try Self.load(input, name: "fuzz.json") { (t) throws(SPOError) in try DataFileLoader.json(t, file: "fuzz.json", columns: nil) }
        }
        check(report)
    }

    @Test func jsonLinesLoader() async {
        let mutator = Mutator(corpus: FuzzCorpus.jsonl, tokens: FuzzCorpus.jsonTokens + ["\"split\":", "\"train\"", "\"test\"", "\"question\":", "\"answer\":"], seed: Self.seed, stream: "data-jsonl")
        let report = await FuzzRunner.run("task loader JSONL", mutator: mutator) { input in
            let columns: ColumnMapping? = input.count % 2 == 0 ? ColumnMapping(split: "split") : nil
            return try Self.load(input, name: "fuzz.jsonl") { (t) throws(SPOError) in try DataFileLoader.jsonl(t, file: "fuzz.jsonl", columns: columns) }
        }
        check(report)
    }

    @Test func csvAndTSVLoader() async {
        let mutator = Mutator(corpus: FuzzCorpus.table(separator: ",") + FuzzCorpus.table(separator: "\t"), tokens: FuzzCorpus.csvTokens, seed: Self.seed, stream: "data-csv")
        let report = await FuzzRunner.run("task loader CSV/TSV", mutator: mutator) { input in
            let tab = input.prefix(200).contains(0x09)
            let columns = ColumnMapping(choices: input.count % 3 == 0 ? "choices" : nil, split: input.count % 2 == 0 ? "split" : nil)
            return try Self.load(input, name: tab ? "fuzz.tsv" : "fuzz.csv") { (t) throws(SPOError) in
                try DataFileLoader.table(t, separator: tab ? "\t" : ",", format: tab ? .tsv : .csv, file: "fuzz.csv", columns: columns)
            }
        }
        check(report)
    }

    @Test func config() async {
        let folder = Self.specFolder
        let mutator = Mutator(corpus: FuzzCorpus.configs, tokens: FuzzCorpus.yamlTokens + FuzzCorpus.configKeys, seed: Self.seed, stream: "config")
        let report = await FuzzRunner.run("config", mutator: mutator) { input in
            let text = try TextFile.decode(Data(input), name: "fuzz.yaml")
            let tree = try YAMLTree.parse(text, file: "fuzz.yaml")
            var config = RunConfig()
            config.baseDirectory = folder
            var warnings: [String] = []
            try ConfigLoader.apply(tree, file: "fuzz.yaml", to: &config, warnings: &warnings)
            // A config that loads is recorded in the session header and read back on resume.
            do {
                let json = try JSONValue.encoding(config)
                let back = try JSONDecoder().decode(RunConfig.self, from: JSONEncoder().encode(json))
                return try JSONValue.encoding(back) == json ? nil : "the config changes when stored in a session and read back"
            } catch {
                return "a config that loads cannot be stored in a session: \(error)"
            }
        }
        check(report)
    }

    @Test func taskSpec() async {
        let folder = Self.specFolder
        let mutator = Mutator(corpus: FuzzCorpus.specs, tokens: FuzzCorpus.yamlTokens + FuzzCorpus.specKeys, seed: Self.seed, stream: "spec")
        let report = await FuzzRunner.run("task spec", mutator: mutator) { input in
            let text = try TextFile.decode(Data(input), name: "fuzz.yaml")
            let tree = try YAMLTree.parse(text, file: "fuzz.yaml")
            var warnings: [String] = []
            let spec = try TaskLoader.parseSpec(tree, file: "fuzz.yaml", warnings: &warnings)
            let task = try TaskLoader.build(spec, baseDirectory: folder, origin: "fuzz.yaml")
            // Score a reply to its first example, as a run would.
            if let ex = task.trainPool.first {
                let p = AnswerExtractor.extract("<answer>\(ex.answer)</answer>", kind: task.answerKind, example: ex)
                _ = AnswerExtractor.isCorrect(p, golds: ex.answers, kind: task.answerKind, choices: ex.choices)
            }
            return nil
        }
        check(report)
    }

    @Test func theme() async {
        let mutator = Mutator(corpus: FuzzCorpus.themes, tokens: FuzzCorpus.yamlTokens + FuzzCorpus.themeTokens, seed: Self.seed, stream: "theme")
        let report = await FuzzRunner.run("theme", mutator: mutator) { input in
            let text = try TextFile.decode(Data(input), name: "fuzz.yaml")
            _ = try Theme.parse(text, file: "fuzz.yaml")
            return nil
        }
        check(report)
    }

    static let tagPair = try! NSRegularExpression(pattern: "<\\s*answer\\s*>(.*?)<\\s*/\\s*answer\\s*>", options: [.caseInsensitive, .dotMatchesLineSeparators])

    static func regexPairs(_ text: String) -> [String] {
        let ns = text as NSString
        return tagPair.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    static let kinds: [AnswerKind] = [.letter, .integer, .yesNo, .text, .number(tolerance: 0.01), .regex("[0-9]+"), .regex("(yes|no)")]

    @Test func answerExtraction() async {
        let mutator = Mutator(corpus: FuzzCorpus.replies, tokens: FuzzCorpus.replyTokens, seed: Self.seed, stream: "answers")
        let report = await FuzzRunner.run("answer extraction", mutator: mutator) { input in
            let reply = String(decoding: input, as: UTF8.self)
            // The tag scanner reads what the regular expression it replaced read.
            if input.count <= 2_048, Self.regexPairs(reply) != TagScanner(reply, tag: "answer").pairs.map(TagScanner(reply, tag: "answer").text) {
                return "the tag scanner and the regular expression disagree"
            }
            for kind in Self.kinds {
                for choices in [nil, ["Paris", "Rome", "A red ball", "4"]] as [[String]?] {
                    let p = AnswerExtractor.extract(reply, kind: kind, example: Example(question: "q", answers: ["B"], choices: choices))
                    _ = AnswerExtractor.isCorrect(p, golds: ["B", "4", "yes", "paris"], kind: kind, choices: choices)
                    guard case .answer(let value) = p else { continue }
                    switch kind {
                    case .letter where value.count != 1 || !"ABCD".contains(value) && choices != nil: return "letter prediction \"\(value)\""
                    // A number that is not whole is read as itself (a wrong answer, not a format error).
                    case .integer where Double(value) == nil: return "integer prediction \"\(value)\""
                    case .yesNo where value != "yes" && value != "no": return "yes/no prediction \"\(value)\""
                    default: break
                    }
                }
            }
            return nil
        }
        check(report)
    }
}

/// Appends one line per fuzz input to a file.
final class OutcomeDump: @unchecked Sendable {
    private let handle: FileHandle?

    init(path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    func write(_ line: String) {
        handle?.write(Data((line.replacingOccurrences(of: "\n", with: "\\n") + "\n").utf8))
    }
}
