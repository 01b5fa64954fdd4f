import Testing
@testable import SPOCore

/// DESIGN.md's reference cases, and more edge cases, as one table.
struct AnswerExtractionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var kind: AnswerKind
        var response: String
        var expected: Prediction
        var testDescription: String { "\(kind): \(response.prefix(40))" }
    }

    static let reference: [Case] = [
        Case(kind: .letter, response: "… <answer>(B) Paris</answer>", expected: .answer("B")),
        Case(kind: .letter, response: "<answer>b</answer> then <answer></answer>", expected: .answer("B")),
        Case(kind: .integer, response: "<answer>4 stars</answer>", expected: .answer("4")),
        Case(kind: .integer, response: "<answer>four</answer>", expected: .answer("4")),
        Case(kind: .yesNo, response: "<answer> Yes. </answer>", expected: .answer("yes")),
        Case(kind: .text, response: "<answer>The Eiffel Tower!</answer>", expected: .answer("eiffel tower")),
        Case(kind: .letter, response: "The answer is B.", expected: .formatError),
        Case(kind: .integer, response: "The answer is 4.", expected: .formatError),
        Case(kind: .yesNo, response: "The answer is yes.", expected: .formatError),
        Case(kind: .text, response: "The answer is Paris.", expected: .formatError),
    ]

    static let more: [Case] = [
        // Tags: case-insensitive, last non-empty wins, outside text ignored.
        Case(kind: .letter, response: "<ANSWER>(c)</ANSWER>", expected: .answer("C")),
        Case(kind: .letter, response: "<answer>A</answer> no wait <answer>(D)</answer>", expected: .answer("D")),
        Case(kind: .letter, response: "<answer></answer><answer>  </answer>", expected: .formatError),
        Case(kind: .letter, response: "<answer>Option C is right</answer>", expected: .answer("C")),
        Case(kind: .letter, response: "<answer>D)</answer>", expected: .answer("D")),
        Case(kind: .letter, response: "<answer>none of them</answer>", expected: .formatError),
        // Letters whose upper case is two characters are no option letters (found by fuzzing: they trapped).
        Case(kind: .letter, response: "<answer>(ß)</answer>", expected: .formatError),
        Case(kind: .letter, response: "<answer>ß.</answer>", expected: .formatError),
        Case(kind: .letter, response: "<answer>ß or b</answer>", expected: .answer("B")),
        Case(kind: .letter, response: "<answer>(ŉ) then (c)</answer>", expected: .answer("C")),
        Case(kind: .integer, response: "<answer>twenty-one</answer>", expected: .answer("21")),
        Case(kind: .integer, response: "<answer>twenty one apples</answer>", expected: .answer("21")),
        Case(kind: .integer, response: "<answer>There are 1,024 of them</answer>", expected: .answer("1024")),
        Case(kind: .integer, response: "<answer>-3</answer>", expected: .answer("-3")),
        Case(kind: .integer, response: "<answer>7.0</answer>", expected: .answer("7")),
        Case(kind: .integer, response: "<answer>Eleven</answer>", expected: .answer("11")),
        Case(kind: .integer, response: "<answer>many</answer>", expected: .formatError),
        Case(kind: .yesNo, response: "<answer>no, it does not</answer>", expected: .answer("no")),
        Case(kind: .yesNo, response: "<answer>True</answer>", expected: .answer("yes")),
        Case(kind: .yesNo, response: "<answer>maybe</answer>", expected: .formatError),
        Case(kind: .text, response: "<answer>  An   apple. </answer>", expected: .answer("apple")),
        Case(kind: .number(tolerance: 0.01), response: "<answer>about 3.14159</answer>", expected: .answer("3.14159")),
        Case(kind: .number(tolerance: 0.01), response: "<answer>1/4</answer>", expected: .answer("0.25")),
        Case(kind: .regex("[0-9]{2}/[0-9]{2}/[0-9]{4}"), response: "<answer>It is 05/17/2021.</answer>", expected: .answer("05/17/2021")),
        Case(kind: .regex("code: ([A-Z]+)"), response: "<answer>code: XYZ</answer>", expected: .answer("xyz")),
        Case(kind: .regex("[0-9]+"), response: "<answer>none</answer>", expected: .formatError),
        // An unclosed tag at the end (a small model ran out of tokens).
        Case(kind: .letter, response: "reasoning… <answer>(A)", expected: .answer("A")),
        // Multi-line content.
        Case(kind: .text, response: "<answer>\nBlue\nwhale\n</answer>", expected: .answer("blue whale")),
    ]

    @Test("DESIGN.md reference cases", arguments: reference)
    func referenceCases(_ c: Case) {
        #expect(AnswerExtractor.extract(c.response, kind: c.kind) == c.expected)
    }

    @Test("More extraction cases", arguments: more)
    func moreCases(_ c: Case) {
        #expect(AnswerExtractor.extract(c.response, kind: c.kind) == c.expected)
    }

    @Test func letterByOptionText() {
        let ex = Example(question: "Capital of France?", answers: ["B"], choices: ["Rome", "Paris", "Oslo"])
        #expect(AnswerExtractor.extract("<answer>Paris</answer>", kind: .letter, example: ex) == .answer("B"))
        let balls = Example(question: "Which?", answers: ["C"], choices: ["blue cube", "green cone", "red ball"])
        #expect(AnswerExtractor.extract("<answer>A red ball</answer>", kind: .letter, example: balls) == .answer("C"))
        // Letters beyond the options are not read.
        #expect(AnswerExtractor.extract("<answer>(F)</answer>", kind: .letter, example: ex) == .formatError)
    }

    @Test func correctnessAgainstGolds() {
        #expect(AnswerExtractor.isCorrect(.answer("eiffel tower"), golds: ["the Eiffel Tower", "Tour Eiffel"], kind: .text))
        #expect(AnswerExtractor.isCorrect(.answer("tour eiffel"), golds: ["the Eiffel Tower", "Tour Eiffel"], kind: .text))
        #expect(!AnswerExtractor.isCorrect(.answer("louvre"), golds: ["the Eiffel Tower"], kind: .text))
        #expect(AnswerExtractor.isCorrect(.answer("B"), golds: ["(B)"], kind: .letter))
        #expect(AnswerExtractor.isCorrect(.answer("4"), golds: ["four"], kind: .integer))
        #expect(AnswerExtractor.isCorrect(.answer("yes"), golds: ["Yes"], kind: .yesNo))
        #expect(AnswerExtractor.isCorrect(.answer("3.14159"), golds: ["3.14"], kind: .number(tolerance: 0.01)))
        #expect(!AnswerExtractor.isCorrect(.answer("3.2"), golds: ["3.14"], kind: .number(tolerance: 0.01)))
        #expect(!AnswerExtractor.isCorrect(.formatError, golds: ["A"], kind: .letter))
    }

    @Test func answerKindSpellingsRoundTrip() {
        for spelling in ["letter", "integer", "yes_no", "text", "number(0.5)", "regex(^[a-z]+$)"] {
            let kind = AnswerKind(spec: spelling)
            #expect(kind != nil, "\(spelling)")
            #expect(kind.map { AnswerKind(spec: $0.description) } == kind)
        }
        #expect(AnswerKind(spec: "number") == .number(tolerance: 1e-6))
        #expect(AnswerKind(spec: "colour") == nil)
        #expect(AnswerKind(spec: "number(-1)") == nil)
        #expect(AnswerKind(spec: "regex([)") == nil)
    }

    @Test func squadNormalisation() {
        #expect(AnswerExtractor.normalizeText("The  Cat's hat, a RED one!") == "cats hat red one")
        #expect(AnswerExtractor.normalizeText("An answer") == "answer")
    }
}
