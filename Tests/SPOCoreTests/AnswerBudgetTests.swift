import Testing
@testable import SPOCore
import SPOBuiltins

/// The answer cap and stop of base requests, and what the optimizer is shown.
struct AnswerBudgetTests {
    let budget = AnswerBudget(fullTokens: 512, directTokens: 128, stopAtAnswer: true)
    let bare = "Read the review.\n<Question>{question}</Question>\nReply with only the rating, like this: <answer>N</answer>."

    @Test(arguments: [
        "Think it through, then give the answer.", "Go step by step.", "Explain your answer briefly.",
        "Trace your position", "First, list the items.", "Reason carefully before answering.",
    ])
    func promptsThatAskForReasoningKeepTheFullCap(user: String) {
        #expect(AnswerBudget.asksForReasoning(user))
        #expect(budget.maxTokens(system: "You are a helpful assistant.", user: user + "<Question>{question}</Question> Reply with only the answer.") == 512)
    }

    @Test func aBareAnswerPairGetsTheShortCapUnlessAPromptAsksForReasoning() {
        #expect(budget.maxTokens(system: "You are a helpful assistant.", user: bare) == 128)
        #expect(budget.maxTokens(system: "Always think step by step.", user: bare) == 512)
        // A prompt that says nothing about length keeps the full cap (MetaSPO's own
        // "At the end present your answer in <answer> and </answer>." included).
        let silent = "Read the review.\n<Question>{question}</Question>\nGive the rating between <answer> and </answer>."
        #expect(budget.maxTokens(system: "You are a helpful assistant.", user: silent) == 512)
        #expect(budget.maxTokens(system: "", user: "Answer yes or no.<Question>{question}</Question>At the end present your answer in <answer> and </answer>, and nothing else.") == 512)
        // Off (nil or not below the full cap): every pair gets the full cap.
        #expect(AnswerBudget(fullTokens: 512).maxTokens(system: "", user: bare) == 512)
        #expect(AnswerBudget(fullTokens: 100, directTokens: 128).maxTokens(system: "", user: bare) == 100)
        // The built-in review prompts ask for the bare answer; the reasoning ones do not.
        #expect(AnswerBudget.asksForBareAnswer(BuiltinTasks.family(named: "hotel_reviews")!.userPrompt))
        #expect(!AnswerBudget.asksForBareAnswer(BuiltinTasks.family(named: "navigate")!.userPrompt))
    }

    @Test func theStopIsSentOnlyWhenAsked() {
        #expect(budget.stop == ["</answer>"])
        #expect(AnswerBudget(fullTokens: 512).stop.isEmpty)
    }

    @Test func aStoppedReplyGetsItsClosingTagBack() {
        #expect(AnswerBudget.restoringStop("So it is <answer>4") == "So it is <answer>4</answer>")
        #expect(AnswerBudget.restoringStop("<ANSWER>yes") == "<ANSWER>yes</answer>")
        // Closed already, or no answer tag at all: unchanged.
        #expect(AnswerBudget.restoringStop("<answer>4</answer> done") == "<answer>4</answer> done")
        #expect(AnswerBudget.restoringStop("4") == "4")
        // The extractor reads the same answer from the restored reply.
        let extracted = AnswerExtractor.extract(AnswerBudget.restoringStop("Counting: 2 + 3. <answer>5"), kind: .integer)
        #expect(extracted == .answer("5"))
    }

    @Test func compactExamplesLeaveOutWhatTheMetaPromptShowsOnce() {
        let e = OptimizerExample(index: 3, systemPrompt: "SYS", userMessage: "Rate it.\nQ?", response: "R", prediction: "4", gold: "5")
        let full = e.rendered
        #expect(full == "<Example>\nSystem prompt:\nSYS\n\nUser prompt:\nRate it.\nQ?\n\nResponse:\nR\n\nPrediction:\n4\n\nCorrect answer:\n5\n</Example>")
        let outer = e.rendered(sharing: .systemPrompt)
        #expect(!outer.contains("SYS") && outer.contains("User prompt:\nRate it.\nQ?"))
        let inner = e.rendered(sharing: .bothPrompts(question: "Q?"))
        #expect(!inner.contains("SYS") && !inner.contains("Rate it.") && inner.contains("Question:\nQ?"))
    }

    @Test func longRepliesAreShortenedInTheMiddleOnlyInCompactBlocks() {
        let words = (1...300).map { "w\($0)" }.joined(separator: " ")
        let short = OptimizerExample.shortened(words, words: 120)
        #expect(short.hasPrefix("w1 w2 ") && short.hasSuffix(" w299 w300"))
        #expect(short.contains("[…180 words left out…]"))
        #expect(short.split(separator: " ").count < 130)
        #expect(OptimizerExample.shortened("a b c", words: 120) == "a b c")
        let e = OptimizerExample(index: 0, systemPrompt: "S", userMessage: "U", response: words, prediction: "x", gold: "y")
        #expect(e.rendered.contains("w150"), "the paper's block keeps the whole reply")
        #expect(!e.rendered(sharing: .systemPrompt).contains("w150"))
    }

    @Test func aCutRewriteSaysSo() {
        let why = OptimizerReply.Rejection("reply had no <improved_system_prompt> tag")
        #expect(OptimizerReply.cutReason(why, tag: "improved_system_prompt") == "reply reached its token cap before </improved_system_prompt>")
        let other = OptimizerReply.Rejection("new system prompt is identical to its parent")
        #expect(OptimizerReply.cutReason(other, tag: "improved_system_prompt") == other.reason)
    }
}

/// Issue 19, defect 14: a rewrite that changes only whitespace is a copy.
struct WhitespaceOnlyRewriteTests {
    @Test func aMovedLineBreakIsTheParentAgain() {
        let parent = "Predict the rating from 1 to 5.<Question>{question}</Question>\nAnswer in <answer></answer>."
        let reply = "<improved_instruction_prompt>Predict the rating from 1 to 5.\n<Question>{question}</Question>\n Answer in <answer></answer>.</improved_instruction_prompt>"
        #expect(OptimizerReply.userPrompt(reply, parent: parent) == .failure(.init("new user prompt is identical to its parent")))
        #expect(OptimizerReply.normalized("A  b\tC\n") == OptimizerReply.normalized("ab c"))
        #expect(OptimizerReply.normalized("a b") != OptimizerReply.normalized("a c"))
    }
}
