import Foundation
import Testing

/// The `metaspo` binary, run as a user would run it.
@Suite(.serialized) struct CLITests {
    struct Shown: Decodable {
        struct Ex: Decodable {
            var index: Int
            var prompt: String
            var gold: [String]
        }
        var examples: [Ex]
    }

    struct TaskRow: Decodable {
        var name: String
        var domain: String
        var test: Int
    }

    struct ScoreReport: Decodable {
        struct Item: Decodable {
            var index: Int
            var prediction: String
            var correct: Bool
        }
        var score: Double
        var n: Int
        var formatErrors: Int
        var items: [Item]
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    @Test func tasksListShowsTheBuiltInSuite() throws {
        let r = try CLIRunner.run(["tasks", "list", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try decode([TaskRow].self, r.stdout)
        #expect(rows.count >= 12)
        #expect(Set(rows.map(\.domain)).count >= 4)
        let plain = try CLIRunner.run(["tasks", "list"])
        #expect(plain.stdout.contains("NAME"))
    }

    @Test func metaspoFileLoadsAndShowsGold() throws {
        let dir = Scratch()
        let path = dir.write("baby.json", """
            {
                "train": [
                    {"question": "title: Just as shown\\ntext: So very cute", "answer": 5, "sentiment": "positive"},
                    {"question": "title: Tiny\\ntext: will be returning", "answer": 2, "sentiment": "negative"}
                ],
                "test": [
                    {"question": "title: Perfect\\ntext: Works great", "answer": 5, "sentiment": "positive"},
                    {"question": "title: Meh\\ntext: It peels", "answer": 3, "sentiment": "neutral"},
                    {"question": "title: Awful\\ntext: Broke on day one", "answer": 1, "sentiment": "negative"}
                ]
            }
            """)
        let r = try CLIRunner.run(["tasks", "show", path, "--json", "--limit", "10"])
        #expect(r.status == 0, "\(r.stderr)")
        let shown = try decode(Shown.self, r.stdout)
        #expect(shown.examples.count == 3)
        let gold = Dictionary(uniqueKeysWithValues: shown.examples.map { ($0.prompt.contains("Perfect") ? "Perfect" : $0.prompt.contains("Meh") ? "Meh" : "Awful", $0.gold) })
        #expect(gold == ["Perfect": ["5"], "Meh": ["3"], "Awful": ["1"]])
        let text = try CLIRunner.run(["tasks", "show", path, "--split", "train"])
        #expect(text.stdout.contains("inferred:"))
        #expect(text.stdout.contains("answer: integer (every gold answer is a whole number)"))
    }

    @Test func bigbenchFileLoadsWithLetteredOptions() throws {
        let dir = Scratch()
        let path = dir.write("logic.json", """
            {
              "canary": "not a real canary",
              "name": "toy_logic",
              "description": "Pick the right option.",
              "keywords": ["logical reasoning"],
              "metrics": ["multiple_choice_grade"],
              "examples": [
                {"input": "All cats are animals. Tom is a cat. Is Tom an animal?", "target_scores": {"yes": 1, "no": 0, "unknown": 0}},
                {"input": "No fish can fly. Nemo is a fish. Can Nemo fly?", "target_scores": {"yes": 0, "no": 1, "unknown": 0}},
                {"input": "Some birds swim. Tweety is a bird. Does Tweety swim?", "target_scores": {"yes": 0, "no": 0, "unknown": 1}},
                {"input": "Every square is a rectangle. X is a square. Is X a rectangle?", "target_scores": {"yes": 1, "no": 0, "unknown": 0}}
              ]
            }
            """)
        var all: [Shown.Ex] = []
        for split in ["train", "test"] {
            let r = try CLIRunner.run(["tasks", "show", path, "--json", "--split", split, "--limit", "10"])
            #expect(r.status == 0, "\(r.stderr)")
            all += try decode(Shown.self, r.stdout).examples
        }
        #expect(all.count == 4)
        for ex in all {
            #expect(ex.prompt.contains("Options:\n(A) yes\n(B) no\n(C) unknown"))
            let expected = ex.prompt.contains("Tom") || ex.prompt.contains("square") ? "A" : ex.prompt.contains("Nemo") ? "B" : "C"
            #expect(ex.gold == [expected], "\(ex.prompt)")
        }
    }

    @Test func scoreAHandMadeResponseFile() throws {
        let dir = Scratch()
        let data = dir.write("count.json", """
            {"train": [{"question": "q", "answer": 1}],
             "test": [{"question": "How many legs do 2 cats have?", "answer": 8},
                      {"question": "How many wheels on 2 bikes?", "answer": 4},
                      {"question": "How many eyes do 3 people have?", "answer": 6},
                      {"question": "How many sides has a pentagon?", "answer": 5},
                      {"question": "How many days in a week?", "answer": 7}]}
            """)
        let shown = try decode(Shown.self, try CLIRunner.run(["tasks", "show", data, "--json", "--limit", "10"]).stdout)
        // Answer by gold: digits, a number word, a format error, a wrong number, and text around a number.
        let words = ["4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight"]
        var lines: [String] = []
        for ex in shown.examples {
            let g = ex.gold[0]
            let response: String
            switch ex.index {
            case 0: response = "Reasoning… <answer>\(g)</answer>"
            case 1: response = "<answer>\(words[g]!)</answer>"
            case 2: response = "The answer is \(g)."
            case 3: response = "<answer>\(Int(g)! + 1)</answer>"
            default: response = "<answer>There are \(g) in all</answer> <answer></answer>"
            }
            let escaped = response.replacingOccurrences(of: "\"", with: "\\\"")
            lines.append("{\"index\": \(ex.index), \"response\": \"\(escaped)\"}")
        }
        let responses = dir.write("responses.jsonl", lines.joined(separator: "\n") + "\n")
        let r = try CLIRunner.run(["score", "--task-file", data, "--responses", responses, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try decode(ScoreReport.self, r.stdout)
        #expect(report.n == 5)
        #expect(report.score == 0.6)
        #expect(report.formatErrors == 1)
        #expect(report.items.map(\.correct) == [true, true, false, false, true])
        let plain = try CLIRunner.run(["score", "--task-file", data, "--responses", responses])
        #expect(plain.stdout.contains("accuracy 0.600"))
    }

    @Test func scoreLettersAndFreeText() throws {
        let dir = Scratch()
        let data = dir.write("nq.json", """
            {"train": [{"question": "q", "answers": ["a"]}],
             "test": [{"question": "Who wrote Hamlet?", "answers": ["William Shakespeare", "Shakespeare"]},
                      {"question": "Largest planet?", "answers": ["Jupiter"]}]}
            """)
        let shown = try decode(Shown.self, try CLIRunner.run(["tasks", "show", data, "--json"]).stdout)
        let lines = shown.examples.map { ex in
            ex.prompt.contains("Hamlet")
                ? "{\"index\": \(ex.index), \"response\": \"<answer>shakespeare!</answer>\"}"
                : "{\"index\": \(ex.index), \"response\": \"<answer>Saturn</answer>\"}"
        }
        let responses = dir.write("r.jsonl", lines.joined(separator: "\n"))
        let report = try decode(ScoreReport.self, try CLIRunner.run(["score", "--task-file", data, "--responses", responses, "--json"]).stdout)
        #expect(report.score == 0.5)
        #expect(Set(report.items.map(\.prediction)) == ["shakespeare", "saturn"])
    }

    /// Each malformed input: one clear line naming the file, a non-zero exit, no crash.
    @Test func malformedInputsFailCleanly() throws {
        let dir = Scratch()
        dir.write("ok.jsonl", "{\"question\": \"q\", \"answer\": \"a\"}\n{\"question\": \"r\", \"answer\": \"b\"}\n")
        let cases: [(file: String, bytes: [UInt8], expect: String)] = [
            ("trunc.json", Array("{\"train\": [{\"question\": \"q\", \"answer\": 1}".utf8), "trunc.json:1: invalid JSON"),
            ("missing.json", Array("{\"test\": [{\"answer\": 1}]}".utf8), "missing.json:1: test[0]: missing field \"question\""),
            ("empty.json", [], "empty.json: the file is empty"),
            ("bad.jsonl", Array("{\"question\": \"caf".utf8) + [0xFF] + Array("\", \"answer\": 1}\n".utf8), "bad.jsonl:1: invalid UTF-8"),
            ("noslot.yaml", Array("data: ok.jsonl\nuser_prompt: Answer it.\n".utf8), "noslot.yaml:2: user_prompt: must contain the {question} slot"),
            ("cols.csv", Array("text,stars\nnice,5\n".utf8), "cols.csv:1: header: column \"question\" not found (columns: text, stars)"),
            ("kind.yaml", Array("data: ok.jsonl\nanswer: emoji\n".utf8), "kind.yaml:2: answer: unknown answer kind \"emoji\""),
        ]
        for c in cases {
            let path = dir.write(c.file, bytes: c.bytes)
            let r = try CLIRunner.run(["tasks", "show", path])
            #expect(r.status != 0, "\(c.file) should fail")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(c.file): \(r.stderr)")
            #expect(r.stderr.contains(c.expect), "\(c.file): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        }
    }

    @Test func badResponsesFileNamesTheLine() throws {
        let dir = Scratch()
        let r = try CLIRunner.run(["score", "--task", "navigate", "--responses", dir.write("r.jsonl", "{\"index\": 0, \"response\": \"x\"}\n{\"index\": 0}\n")])
        #expect(r.status != 0)
        #expect(r.stderr.contains("r.jsonl:2: response: missing"), "\(r.stderr)")
        let r2 = try CLIRunner.run(["score", "--task", "navigate", "--responses", dir.write("r2.jsonl", "{\"index\": 99999, \"response\": \"x\"}\n")])
        #expect(r2.stderr.contains("r2.jsonl:1: index: 99999 is outside the test split"), "\(r2.stderr)")
    }

    @Test func unknownTaskAndPreset() throws {
        let r = try CLIRunner.run(["tasks", "show", "no_such_task"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown task \"no_such_task\""))
        let p = try CLIRunner.run(["tasks", "list", "--preset", "nope"])
        #expect(p.stderr.contains("unknown preset \"nope\""))
    }

    @Test func helpHasExamples() throws {
        for cmd in [["--help"], ["tasks", "list", "--help"], ["tasks", "show", "--help"], ["score", "--help"]] {
            let r = try CLIRunner.run(cmd)
            #expect(r.status == 0)
            #expect(r.stdout.contains("Examples:"), "\(cmd)")
        }
    }
}

/// Issue 19, defects 1, 2 and 9: task names resolve the same way in every
/// command, two tasks with one name are refused before any call, and a task
/// file without examples is refused.
/// (In `CLITests`, which runs one test at a time: `CLIRunner.run` blocks a
/// thread of the 2-core pool while its child runs.)
extension CLITests {
    static let navigateFile = """
        {"examples": [{"input": "Take 1 step. Take 1 step back. Back at the start?", "target": "Yes"},
                      {"input": "Take 2 steps. Turn around. Take 1 step. Back at the start?", "target": "No"}]}
        """

    @Test func aFileNamedLikeABuiltinTaskIsRefusedEverywhere() throws {
        let dir = Scratch()
        let path = dir.write("navigate.json", Self.navigateFile)
        for args in [
            ["run", "--task", "navigate", "--task-file", path, "--headless", "--yes", "--base-url", "http://127.0.0.1:9/v1", "--model", "m"],
            ["eval", "--system", "Be careful.", "--task", "navigate", "--task-file", path, "--base-url", "http://127.0.0.1:9/v1", "--model", "m"],
            ["tasks", "show", "navigate", "--task-file", path],
            ["plan", "--task", "navigate", "--task-file", path],
        ] {
            let r = try CLIRunner.run(args)
            #expect(r.status != 0, "\(args[0])")
            #expect(r.stderr.contains("two tasks are named \"navigate\": the built-in task and \(path)"), "\(args[0]): \(r.stderr)")
            #expect(r.stderr.contains("name:"), "says how to rename")
        }
        // Two files with one base name in different folders, likewise.
        try FileManager.default.createDirectory(atPath: dir.path + "/more", withIntermediateDirectories: true)
        let other = dir.write("more/navigate.json", Self.navigateFile)
        let r = try CLIRunner.run(["eval", "--system", "x", "--task-file", path, "--task-file", other, "--base-url", "http://127.0.0.1:9/v1", "--model", "m"])
        #expect(r.status != 0 && r.stderr.contains("two tasks are named \"navigate\": \(path) and \(other)"), "\(r.stderr)")
    }

    @Test func tasksShowFindsAFileDefinedTaskByItsName() throws {
        let dir = Scratch()
        let path = dir.write("steps.json", Self.navigateFile)
        let listed = try CLIRunner.run(["tasks", "list", "--task-file", path])
        #expect(listed.stdout.contains("steps"))
        let shown = try CLIRunner.run(["tasks", "show", "steps", "--task-file", path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasPrefix("steps  (") && shown.stdout.contains("Back at the start?"))
    }

    @Test func anEmptyTaskFileIsRefused() throws {
        let dir = Scratch()
        let path = dir.write("empty.json", "[]")
        let r = try CLIRunner.run(["eval", "--system", "x", "--task-file", path, "--base-url", "http://127.0.0.1:9/v1", "--model", "m"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(path): no examples in the file"), "\(r.stderr)")
    }
}

/// Issue 19, defect 3: a session names its task files absolutely, so `resume`
/// finds them from any directory.
extension CLITests {
    @Test func taskFilesAreRecordedAbsolutely() throws {
        let dir = Scratch()
        try FileManager.default.createDirectory(atPath: dir.path + "/tasks", withIntermediateDirectories: true)
        dir.write("tasks/steps.json", CLITests.navigateFile)
        dir.write("tasks/walks.json", CLITests.navigateFile)
        let sessions = dir.path + "/sessions"
        // Nothing listens on port 9, and no retries: the run stops at once, its session written.
        dir.write("c.yaml", """
            base_model: {base_url: "http://127.0.0.1:9/v1", model: m, max_retries: 0}
            optimizer_model: {base_url: "http://127.0.0.1:9/v1", model: m, max_retries: 0}
            """)
        let r = try CLIRunner.run(
            ["run", "--config", "c.yaml", "--task-file", "tasks/steps.json", "--unseen-task-file", "tasks/walks.json",
             "--headless", "--yes", "--sessions-dir", sessions],
            cwd: dir.path)
        #expect(r.status != 0)
        let session = try #require(try FileManager.default.contentsOfDirectory(atPath: sessions).first { $0.hasSuffix(".jsonl") })
        let header = try String(contentsOfFile: sessions + "/" + session, encoding: .utf8).split(separator: "\n")[0]
        let absolute = (dir.path as NSString).standardizingPath + "/tasks/steps.json"
        #expect(header.contains("\"metaTrainTasks\":[\"\(absolute)\"]"), "\(header)")
        #expect(header.contains("\"metaTestTasks\":[\"\(absolute.replacingOccurrences(of: "steps", with: "walks"))\"]"), "\(header)")
        // From another directory, resume gets past the tasks (and stops at the endpoint).
        let resumed = try CLIRunner.run(["resume", sessions + "/" + session, "--headless"], cwd: "/")
        #expect(!resumed.stderr.contains("not found") && !resumed.stderr.contains("No such file"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("127.0.0.1:9"), "\(resumed.stderr)")
    }
}

/// Issue 19, defect 11: the run ids `sessions list` prints name sessions everywhere.
extension CLITests {
    @Test func runIDsFromTheSessionsListAreAccepted() throws {
        let dir = Scratch()
        let folder = dir.path + "/data/metaspo/sessions"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let shipped = try String(contentsOfFile: ReportCLITests.shipped, encoding: .utf8)
        try shipped.write(toFile: folder + "/2026-11-27T06-30-23.jsonl", atomically: true, encoding: .utf8)
        let env = ["XDG_DATA_HOME": dir.path + "/data"]
        let id = "2026-11-27T06-30-23"
        let best = try CLIRunner.run(["export", id, "--best"], env: env)
        #expect(best.status == 0, "\(best.stderr)")
        let byPath = try CLIRunner.run(["export", folder + "/2026-11-27T06-30-23.jsonl", "--best"])
        #expect(!best.stdout.isEmpty && best.stdout == byPath.stdout)
        let replay = try CLIRunner.run(["replay", id, "--json"], env: env)
        #expect(replay.status == 0, "\(replay.stderr)")

        // The same run under another file name: listed apart, and an id that names both asks for the file.
        try shipped.write(toFile: folder + "/copy.jsonl", atomically: true, encoding: .utf8)
        let list = try CLIRunner.run(["sessions", "list"], env: env)
        #expect(list.stdout.contains("\(id) (copy.jsonl)") && list.stdout.contains("\(id) (\(id).jsonl)"), "\(list.stdout)")
        let both = try CLIRunner.run(["export", id, "--best"], env: env)
        #expect(both.status != 0 && both.stderr.contains("names 2 sessions") && both.stderr.contains("copy.jsonl"), "\(both.stderr)")
        let unknown = try CLIRunner.run(["resume", "2020-01-01T00-00-00", "--headless"], env: env)
        #expect(unknown.status != 0 && unknown.stderr.contains("no session file or run id \"2020-01-01T00-00-00\""), "\(unknown.stderr)")

        // A mistyped --sessions-dir is an error, not "no sessions".
        let missing = try CLIRunner.run(["sessions", "list", "--sessions-dir", dir.path + "/nope"])
        #expect(missing.status != 0 && missing.stderr.contains("no such folder"), "\(missing.stderr)")
        let file = try CLIRunner.run(["sessions", "list", "--sessions-dir", folder + "/copy.jsonl"])
        #expect(file.status != 0 && file.stderr.contains("not a folder"), "\(file.stderr)")
    }
}

/// Issue 19, defect 4: a task file changed since the run started stops resume.
extension CLITests {
    @Test func resumeRefusesATaskFileThatChanged() throws {
        let dir = Scratch()
        dir.write("steps.json", CLITests.navigateFile)
        let sessions = dir.path + "/sessions"
        dir.write("c.yaml", """
            base_model: {base_url: "http://127.0.0.1:9/v1", model: m, max_retries: 0}
            optimizer_model: {base_url: "http://127.0.0.1:9/v1", model: m, max_retries: 0}
            """)
        let r = try CLIRunner.run(["run", "--config", "c.yaml", "--task-file", "steps.json", "--headless", "--yes", "--sessions-dir", sessions], cwd: dir.path)
        #expect(r.status != 0)
        // Issue 19, defect 13: a run stopped by an endpoint error says how to go on.
        #expect(r.stderr.contains("continue with: metaspo resume \(sessions)/"), "\(r.stderr)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: sessions).first { $0.hasSuffix(".jsonl") })
        let session = sessions + "/" + name
        let header = try String(contentsOfFile: session, encoding: .utf8).split(separator: "\n")[0]
        #expect(header.contains("\"task_digests\":{\"steps\":\""), "\(header)")

        // Unchanged: resume gets to the endpoint.
        let same = try CLIRunner.run(["resume", session, "--headless"], cwd: dir.path)
        #expect(!same.stderr.contains("changed since"), "\(same.stderr)")
        // One gold answer changed: refused before any call, with the way out.
        dir.write("steps.json", CLITests.navigateFile.replacingOccurrences(of: "\"target\": \"No\"", with: "\"target\": \"Yes\""))
        let changed = try CLIRunner.run(["resume", session, "--headless"], cwd: dir.path)
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("steps.json changed since the run started"), "\(changed.stderr)")
        #expect(changed.stderr.contains("--allow-changed-tasks") && !changed.stderr.contains("127.0.0.1:9"), "\(changed.stderr)")
        let forced = try CLIRunner.run(["resume", session, "--headless", "--allow-changed-tasks"], cwd: dir.path)
        #expect(forced.stderr.contains("going on (--allow-changed-tasks)") && forced.stderr.contains("127.0.0.1:9"), "\(forced.stderr)")
    }
}

/// Issue 19: `export --blame` on the shipped session.
extension CLITests {
    @Test func exportBlamePutsEachSentenceAfterItsWriter() throws {
        let r = try CLIRunner.run(["export", ReportCLITests.shipped, "--best", "--blame"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 5)
        #expect(lines.allSatisfy { $0.hasPrefix("S2 · iteration 1 · A3 · +18.8  ") }, "\(r.stdout)")
        let plain = try CLIRunner.run(["export", ReportCLITests.shipped, "--best"]).stdout
        // The sentences, in order, are the prompt's words.
        let words = lines.map { $0.dropFirst("S2 · iteration 1 · A3 · +18.8  ".count) }.joined(separator: " ").split(whereSeparator: \.isWhitespace)
        #expect(words == plain.split(whereSeparator: \.isWhitespace))
        let user = try CLIRunner.run(["export", ReportCLITests.shipped, "--id", "U4", "--blame"])
        #expect(user.stdout.hasPrefix("U1 · initial  Read the list of things and count how many vehicles do I have.  (edited in U4)\n"), "\(user.stdout)")
    }
}

/// Issue 19, defect 13: example commands in `--help` are never wrapped mid-command at 80 columns.
extension CLITests {
    @Test func helpExamplesAreNotWrappedMidCommand() throws {
        let commands: [[String]] = [
            ["run"], ["resume"], ["plan"], ["replay"], ["report"], ["sessions"], ["sessions", "list"], ["export"], ["tasks"], ["score"],
            ["eval"], ["unseen"], ["adapt"], ["compare"], ["analyze"], ["analyze", "transfer"], ["analyze", "robustness"],
            ["analyze", "scaling"], ["analyze", "adaptation"], ["cache"], ["setup"], ["doctor"],
        ]
        for c in commands {
            let r = try CLIRunner.run(c + ["--help"], env: ["COLUMNS": "80"])
            var inExamples = false
            for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Examples:") { inExamples = true; continue }
                if line.hasPrefix("USAGE") { break }
                guard inExamples, !line.isEmpty else { continue }
                #expect(line.hasPrefix("  "), "metaspo \(c.joined(separator: " ")) --help: an example wraps: \"\(line)\"")
                #expect(line.count <= 80, "metaspo \(c.joined(separator: " ")) --help: \"\(line)\"")
            }
        }
    }
}

/// Issue 19, defect 10: `outer-only` says that it doubles the iterations; the plan names validation and a front.
extension CLITests {
    @Test func planSaysWhatTheRunWillDo() throws {
        let outer = try CLIRunner.run(["plan", "--preset", "quick", "--method", "outer-only"])
        #expect(outer.stdout.contains("1 iteration(s), run as 2 outer loops (outer-only doubles them)"), "\(outer.stdout)")
        let val = try CLIRunner.run(["plan", "--preset", "quick", "--val-size", "6", "--selection", "pareto", "--merge", "true"])
        #expect(val.stdout.contains("train 6, validation 6, test 6, pareto front with merges"), "\(val.stdout)")
        let refused = try CLIRunner.run(["plan", "--preset", "quick", "--merge", "true"])
        #expect(refused.status != 0 && refused.stderr.contains("merging needs a front to merge from"), "\(refused.stderr)")
    }
}
