import Foundation
import Testing
@testable import SPOCore

struct LoaderTests {
    @Test func metaspoJSONWithNumbersAndStrings() throws {
        let dir = TempDir()
        let path = dir.write("counting.json", """
            {"train": [{"question": "How many legs has a cat?", "answer": 4},
                       {"question": "How many eyes?", "answer": "2"}],
             "test": [{"question": "Wheels on a bike?", "answer": 2}]}
            """)
        var warnings: [String] = []
        let task = try TaskLoader.load(path: path, warnings: &warnings)
        #expect(task.name == "counting")
        #expect(task.answerKind == .integer)
        #expect(task.metric == .accuracy)
        #expect(task.trainPool.map(\.answer) == ["4", "2"])
        #expect(task.testPool.count == 1)
        #expect(task.userPrompt.contains("{question}"))
        #expect(task.inferred.contains { $0.hasPrefix("answer: integer") })
    }

    @Test func metaspoGroundingAnswersLists() throws {
        let dir = TempDir()
        let path = dir.write("nq.json", """
            {"train": [{"question": "Who wrote Hamlet?", "answers": ["Shakespeare", "William Shakespeare"]}],
             "test": [{"question": "Largest planet?", "answers": ["Jupiter"]}]}
            """)
        var warnings: [String] = []
        let task = try TaskLoader.load(path: path, warnings: &warnings)
        #expect(task.answerKind == .text)
        #expect(task.metric == .exactMatch)
        #expect(task.trainPool[0].answers == ["Shakespeare", "William Shakespeare"])
        let scorer = Scorer(task: task)
        #expect(scorer.item(response: "<answer>William Shakespeare.</answer>", example: task.trainPool[0]).correct)
    }

    @Test func bigbenchMultipleChoice() throws {
        let dir = TempDir()
        let path = dir.write("bb.json", """
            {"name": "toy", "examples": [
              {"input": "Which is a fruit?", "target_scores": {"carrot": 0, "apple": 1, "potato": 0}},
              {"input": "Which is blue?", "target_scores": {"sky": 1, "grass": 0}},
              {"input": "Which is hot?", "target_scores": {"ice": 0, "snow": 0, "fire": 1}},
              {"input": "Which is loud?", "target_scores": {"thunder": 1, "feather": 0}}
            ]}
            """)
        var warnings: [String] = []
        let task = try TaskLoader.load(path: path, warnings: &warnings)
        #expect(task.answerKind == .letter)
        let all = task.trainPool + task.testPool
        #expect(all.count == 4)
        let fruit = try #require(all.first { $0.question.hasPrefix("Which is a fruit?") })
        #expect(fruit.answer == "B")
        #expect(fruit.question.contains("Options:\n(A) carrot\n(B) apple\n(C) potato"))
        let fire = try #require(all.first { $0.question.hasPrefix("Which is hot?") })
        #expect(fire.answer == "C")
        #expect(Scorer(task: task).item(response: "<answer>(C) fire</answer>", example: fire).correct)
    }

    @Test func bigbenchTargets() throws {
        let dir = TempDir()
        let path = dir.write("bbt.json", """
            {"examples": [{"input": "2+2", "target": "4"}, {"input": "3+3", "target": ["6", "six"]}]}
            """)
        var warnings: [String] = []
        let task = try TaskLoader.load(path: path, warnings: &warnings)
        #expect(task.answerKind == .text)  // a list of accepted answers means text
        #expect((task.trainPool + task.testPool).count == 2)
    }

    @Test func jsonlAndCSVWithColumns() throws {
        let dir = TempDir()
        dir.write("r.jsonl", """
            {"text": "Loved it", "stars": 5}

            {"text": "Awful", "stars": 1}
            {"text": "Fine", "stars": 3}
            """)
        let spec = dir.write("r.yaml", """
            name: my_reviews
            domain: review
            data: r.jsonl
            columns: {question: text, answer: stars}
            user_prompt: "Rate it.<Question>{question}</Question>\\nAnswer in <answer></answer>."
            answer: integer
            metric: accuracy
            """)
        var warnings: [String] = []
        let task = try TaskLoader.load(path: spec, warnings: &warnings)
        #expect(task.name == "my_reviews")
        #expect(task.domain == "review")
        #expect((task.trainPool + task.testPool).map(\.answer).sorted() == ["1", "3", "5"])
        #expect(warnings.isEmpty)

        dir.write("t.csv", "review,rating,part\n\"Great, really \"\"great\"\"\",5,train\nBad,1,test\n\"multi\nline\",3,test\n")
        let csv = dir.write("t.yaml", "data: t.csv\ncolumns: {question: review, answer: rating, split: part}\n")
        let t2 = try TaskLoader.load(path: csv, warnings: &warnings)
        #expect(t2.trainPool.map(\.question) == ["Great, really \"great\""])
        #expect(t2.testPool.map(\.question) == ["Bad", "multi\nline"])
        #expect(t2.answerKind == .integer)
    }

    @Test func splitsFollowMetaSPO() throws {
        let task = SPOTask(
            name: "t", domain: "d", userPrompt: "{question}", answerKind: .text, metric: .exactMatch,
            trainPool: (0..<100).map { Example(question: "q\($0)", answers: ["a"]) },
            testPool: (0..<100).map { Example(question: "t\($0)", answers: ["a"]) }, source: .builtin)
        let a = TaskSplit(task: task, trainSize: 10, testSize: 20, seed: 1)
        let b = TaskSplit(task: task, trainSize: 10, testSize: 20, seed: 2)
        #expect(a.train.count == 10 && a.test.count == 20)
        #expect(a.test == b.test, "the test split does not depend on the run seed")
        #expect(a.train != b.train, "the train split does")
        #expect(a == TaskSplit(task: task, trainSize: 10, testSize: 20, seed: 1))
        #expect(TaskSplit(task: task, trainSize: 500, testSize: 500, seed: 1).train.count == 100)
    }

    @Test func taskSpecWarnsOnUnknownKeys() throws {
        let dir = TempDir()
        dir.write("d.jsonl", "{\"question\": \"q\", \"answer\": \"yes\"}\n{\"question\": \"r\", \"answer\": \"no\"}\n")
        let spec = dir.write("s.yaml", "data: d.jsonl\ncolour: blue\n")
        var warnings: [String] = []
        let task = try TaskLoader.load(path: spec, warnings: &warnings)
        #expect(task.answerKind == .yesNo)
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("s.yaml:2: colour: unknown key"))
    }

    @Test func customScorer() throws {
        let scorer = CustomScorer(command: "while read -r line; do case \"$line\" in *good*) echo 1;; *) echo 0.25;; esac; done")
        let ex = Example(question: "q", answers: ["x"])
        let scores = try scorer.scores(responses: ["a good one", "meh"], examples: [ex, ex])
        #expect(scores == [1, 0.25])
    }

    @Test func customScorerFailures() {
        let ex = Example(question: "q", answers: ["x"])
        #expect(throws: SPOError.self) { try CustomScorer(command: "exit 3").scores(responses: ["a"], examples: [ex]) }
        #expect(throws: SPOError.self) { try CustomScorer(command: "cat >/dev/null; echo hello").scores(responses: ["a"], examples: [ex]) }
        #expect(throws: SPOError.self) { try CustomScorer(command: "cat >/dev/null; echo 1; echo 1").scores(responses: ["a"], examples: [ex]) }
        do {
            _ = try CustomScorer(command: "sleep 5", timeoutSeconds: 0.5).scores(responses: ["a"], examples: [ex])
            Issue.record("expected a timeout")
        } catch {
            #expect(error.message.contains("no answer within"))
        }
    }

    @Test func jsonParserHandlesEscapesAndOrder() throws {
        let node = try JSONParser.parse(#"{"b": 1, "a": "x\u00e9\ud83d\ude00\n", "c": [true, null, -1.5e2]}"#)
        #expect(node.object?.map(\.key) == ["b", "a", "c"])
        #expect(node["a"]?.string == "xé😀\n")
        #expect(node["c"]?.array?[2].number == -150)
    }
}
