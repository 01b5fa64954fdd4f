import Foundation
import Testing
@testable import SPOCore
@testable import SPOBuiltins

/// Properties every built-in family must have; per-family gold checks live in
/// the Builtin*SolverTests files.
@Suite struct BuiltinTasksTests {
    @Test func suiteShape() {
        let families = BuiltinTasks.families
        #expect(families.count >= 14)
        #expect(Set(families.map(\.domain)).count >= 4)
        #expect(Set(families.map(\.name)).count == families.count, "names must be unique")
        for family in families {
            #expect(family.name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(family.name) is not snake_case")
            #expect(!family.summary.isEmpty && !family.summary.contains("\n"))
            #expect(BuiltinTasks.family(named: family.name)?.name == family.name)
        }
    }

    @Test(arguments: BuiltinTasks.families.map(\.name))
    func userPromptShape(name: String) throws {
        let prompt = try #require(BuiltinTasks.family(named: name)).userPrompt
        #expect(prompt.components(separatedBy: SPOTask.questionSlot).count == 2, "one {question} slot")
        #expect(prompt.contains("<Question>{question}</Question>"))
        #expect(prompt.contains("<answer>") && prompt.contains("</answer>"))
        let lastLine = try #require(prompt.split(separator: "\n").last)
        #expect(lastLine.contains("<answer>"), "the prompt ends with the answer instruction")
    }

    @Test(arguments: BuiltinTasks.families.map(\.name))
    func poolsAreSizedDisjointAndUnique(name: String) throws {
        let task = try #require(BuiltinFixture.tasks[name])
        #expect(task.trainPool.count == BuiltinTasks.trainPoolSize)
        #expect(task.testPool.count == BuiltinTasks.testPoolSize)
        let train = Set(task.trainPool.map(\.question)), test = Set(task.testPool.map(\.question))
        #expect(train.isDisjoint(with: test), "train and test pools overlap")
        #expect(train.count == task.trainPool.count && test.count == task.testPool.count, "duplicate questions")
        #expect(task.source == .builtin && task.domain == BuiltinTasks.family(named: name)?.domain)
    }

    @Test(arguments: BuiltinTasks.families.map(\.name))
    func generationIsDeterministic(name: String) throws {
        let family = try #require(BuiltinTasks.family(named: name))
        #expect(BuiltinTasks.task(family) == BuiltinFixture.tasks[name])
        var a = SeededRandom(seed: 5, stream: "det"), b = SeededRandom(seed: 5, stream: "det")
        for _ in 0..<50 { #expect(family.generate(&a) == family.generate(&b)) }
    }

    @Test(arguments: BuiltinTasks.families.map(\.name))
    func goldsParseAndPerfectResponsesScoreOne(name: String) throws {
        let task = try #require(BuiltinFixture.tasks[name])
        let scorer = Scorer(task: task)
        let examples = task.testPool + task.trainPool
        var items: [ScoredItem] = []
        for ex in examples {
            #expect(!ex.answers.isEmpty)
            let golds = AnswerExtractor.normalizedGolds(ex.answers, kind: task.answerKind, choices: ex.choices)
            #expect(golds.count == ex.answers.count, "every accepted answer must parse: \(ex.answers)")
            #expect(!ex.question.contains("{") && !ex.question.contains("}"), "unfilled slot: \(ex.question)")
            for answer in ex.answers {
                #expect(scorer.item(response: "Reasoning first.\n<answer>\(answer)</answer>", example: ex).correct)
            }
            items.append(scorer.item(response: "<answer>\(ex.answer)</answer>", example: ex))
        }
        #expect(scorer.summarize(items).score == 1.0)
        // A wrong format never scores.
        let bad = examples.prefix(20).map { scorer.item(response: "no tags here", example: $0) }
        #expect(bad.allSatisfy { !$0.correct })
    }

    @Test(arguments: BuiltinTasks.families.filter { $0.answerKind == .letter }.map(\.name))
    func multipleChoiceIsWellFormed(name: String) throws {
        var goldLetters: [String: Int] = [:]
        for ex in BuiltinFixture.examples(name) {
            let choices = try #require(ex.choices)
            let parsed = try #require(splitOptions(ex.question))
            #expect(parsed.options == choices)
            #expect(Set(choices).count == choices.count, "options must be distinct: \(choices)")
            #expect((2...26).contains(choices.count))
            let index = try #require(letterIndex(ex.answer))
            #expect(index < choices.count)
            goldLetters[ex.answer, default: 0] += 1
        }
        // The gold is not stuck on one position.
        #expect(goldLetters.count >= 3, "\(goldLetters)")
        #expect(goldLetters.values.max()! < BuiltinFixture.examples(name).count * 6 / 10, "\(goldLetters)")
    }

    @Test(arguments: BuiltinTasks.families.filter { $0.answerKind == .yesNo }.map(\.name))
    func yesNoLabelsAreBalanced(name: String) {
        let examples = BuiltinFixture.examples(name)
        let golds = examples.map { AnswerExtractor.normalizedGolds($0.answers, kind: .yesNo).first }
        #expect(golds.allSatisfy { $0 == "yes" || $0 == "no" })
        let yes = golds.filter { $0 == "yes" }.count
        let share = Double(yes) / Double(examples.count)
        #expect(share > 0.3 && share < 0.7, "yes share \(share)")
    }

    @Test func integerAnswersVary() {
        for family in BuiltinTasks.families where family.answerKind == .integer {
            let values = Set(BuiltinFixture.examples(family.name).map(\.answer))
            #expect(values.count >= 5, "\(family.name): \(values.sorted())")
        }
    }

    @Test func generatingEveryPoolIsFast() {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for family in BuiltinTasks.families { _ = BuiltinTasks.task(family) }
        }
        // Generous so a loaded CI machine does not flake; typically well under a second.
        #expect(elapsed < .seconds(10), "all pools took \(elapsed)")
    }

    @Test func vocabularyNamesDoNotCollide() {
        let names = Vocabulary.firstNames
        #expect(Set(names).count == names.count)
        for a in names {
            for b in names where a != b { #expect(!b.contains(a), "\(a) inside \(b)") }
            let lower = a.lowercased()
            #expect(!lower.contains("lie") && !lower.contains("truth") && !lower.contains("honest"))
        }
        #expect(Set(Vocabulary.lastNames).count == Vocabulary.lastNames.count)
    }

    @Test func textKitHelpers() {
        #expect(TextKit.list(["a"]) == "a")
        #expect(TextKit.list(["a", "b"]) == "a and b")
        #expect(TextKit.list(["a", "b", "c"], conjunction: "or") == "a, b, or c")
        #expect(TextKit.withArticle("owl") == "an owl" && TextKit.withArticle("cat") == "a cat")
        #expect(TextKit.word(7) == "seven" && TextKit.word(33) == "33")
        let ex = TextKit.multipleChoice(stem: "Pick", options: ["x", "y"], correct: 1)
        #expect(ex.question == "Pick\nOptions:\n(A) x\n(B) y" && ex.answers == ["B"] && ex.choices == ["x", "y"])
    }
}
