import Testing
@testable import SPOCore
import SPOBuiltins

/// Issue 18, candidate guards: each rule rejects its case and passes normal prompts.
struct PromptGuardsTests {
    let trainQuestion = "Review: The staff were friendly and the breakfast was fresh, but the room smelled of smoke all week."
    var guards: PromptGuards {
        PromptGuards(maxWords: [.system: 150, .user: 200], taskNames: ["hotel_reviews", "navigate"], trainTexts: [trainQuestion, "4"])
    }
    let userParent = "Rate the review from 1 to 5.\n<Question>{question}</Question>\nGive the number between <answer> and </answer>."

    @Test func instructionsInsideTheAnswerTagsAreFound() {
        #expect(PromptGuards.instructionInsideAnswerTags("Q: {question}\n<answer>Yes or no.</answer>") == "Yes or no.")
        #expect(PromptGuards.instructionInsideAnswerTags("<ANSWER> Please select the correct answer.</answer>") == "Please select the correct answer.")
        // Example answers and the tags named apart pass.
        #expect(PromptGuards.instructionInsideAnswerTags("Reply like this: <answer>N</answer>.") == nil)
        #expect(PromptGuards.instructionInsideAnswerTags("Give the letter, e.g. <answer>(A)</answer>") == nil)
        #expect(PromptGuards.instructionInsideAnswerTags("present your answer in <answer> and </answer>.") == nil)
        #expect(PromptGuards.instructionInsideAnswerTags("Write the rating between the tags <answer> and </answer>, like this: <answer>N</answer>.") == nil)
        #expect(PromptGuards.instructionInsideAnswerTags("no tags at all") == nil)
    }

    @Test func normalPromptsPass() {
        let system = "You are a careful assistant. Read each question closely, think step by step, check your work, and give the final answer in exactly the format asked for."
        #expect(guards.check(system, kind: .system, parent: "You are a helpful assistant.") == nil)
        let user = "Read the review and weigh its praise against its complaints.\n<Question>{question}</Question>\nGive the rating from 1 to 5 between <answer> and </answer>."
        #expect(guards.check(user, kind: .user, parent: userParent) == nil)
        for family in BuiltinTasks.families {
            #expect(guards.check(family.userPrompt, kind: .user, parent: family.userPrompt) == nil, "\(family.name)")
        }
    }

    @Test func overTheWordBudgetUnlessTheParentWasLonger() {
        let long = "Consider " + (1...200).map { "w\($0)" }.joined(separator: " ")
        #expect(guards.check(long, kind: .system, parent: "You are helpful.")?.rule == .length)
        #expect(guards.check(long, kind: .system, parent: "You are helpful.")?.reason == "new system prompt has 201 words, over its 150-word budget (max_prompt_words; 187 allowed)")
        // A quarter's slack: 187 words pass.
        let near = (1...187).map { "n\($0)" }.joined(separator: " ")
        #expect(guards.check(near, kind: .system, parent: "You are helpful.") == nil)
        let longParent = (1...210).map { "p\($0)" }.joined(separator: " ")
        #expect(guards.check(long, kind: .system, parent: longParent) == nil)
    }

    @Test func repeatedSentencesAndRuns() {
        let degenerate = "You are an assistant. You should be able to handle a variety of different types of questions. You should be able to handle a variety of different types of questions."
        #expect(guards.check(degenerate, kind: .system, parent: "x")?.rule == .repetition)
        let runs = (1...3).map { "Step \($0): handle a variety of different types of questions with care" }.joined(separator: "; ")
        #expect(guards.check(runs, kind: .system, parent: "x")?.rule == .repetition)
    }

    @Test func copiedTrainData() {
        let copy = "You rate reviews. For example: the staff were friendly and the breakfast was fresh, but the room smelled means 3."
        let why = guards.check(copy, kind: .system, parent: "x")
        #expect(why?.rule == .copiedData)
        #expect(why?.reason.contains("the staff were friendly and the breakfast was fresh but") == true)
        // A short gold answer ("4") is no evidence of copying.
        #expect(guards.check("Answer 4 when unsure is never right; think.", kind: .system, parent: "x") == nil)
    }

    @Test func aUserPromptMustKeepItsAnswerFormat() {
        let lost = "Rate the review from 1 to 5.\n<Question>{question}</Question>\nReply with the number."
        #expect(guards.check(lost, kind: .user, parent: userParent)?.rule == .answerFormat)
        // A parent that never asked for the tags cannot lose them.
        #expect(guards.check(lost, kind: .user, parent: "Rate it. <Question>{question}</Question>") == nil)
    }

    @Test func systemPromptsLeakNoTaskAndTalkNoMeta() {
        #expect(guards.check("For hotel_reviews, weigh complaints.", kind: .system, parent: "x")?.rule == .taskLeak)
        #expect(guards.check("Read the <Question> block first.", kind: .system, parent: "x")?.rule == .taskLeak)
        #expect(guards.check("Weigh each of the hotel_reviewsets.", kind: .system, parent: "x") == nil, "a longer word is not the task's name")
        #expect(guards.check("You navigate between ideas with care.", kind: .system, parent: "x") == nil, "a one-word task name is an ordinary word")
        let thanks = "I am a helpful assistant. To be useful I need the criteria. Thank you for your guidance. I look forward to improving."
        #expect(guards.check(thanks, kind: .system, parent: "x")?.rule == .metaTalk)
        #expect(guards.check("The system prompt should specify the output format.", kind: .system, parent: "x")?.rule == .metaTalk)
    }
}

/// Rewrites seen from the embedded 1.5B optimizer on a real quick run (2026-12-07).
struct PromptGuardsRealRewriteTests {
    let guards = PromptGuards(maxWords: [.system: 150, .user: 200], taskNames: ["product_reviews", "hotel_reviews"], trainTexts: [])

    @Test func theAssistantSpeakingAsItselfIsNotASystemPrompt() {
        let s2 = "I am a helpful assistant, and I am trained to understand and generate responses based on customer reviews. To provide the best possible assistance, I need to understand the domain of the customer reviews."
        #expect(guards.check(s2, kind: .system, parent: "You are a helpful assistant.")?.rule == .metaTalk)
        #expect(guards.check("You are careful. I repeat: check your work.", kind: .system, parent: "x") == nil, "speaking to the model is fine")
        // Seen on BIG-Bench Hard (docs/quality.md): opening as the assistant, its "you" is the user it asks for a task.
        let bbh = "I am a helpful assistant designed to assist with a wide range of tasks. Please provide me with the task you would like me to perform, and I will do my best to complete it."
        #expect(guards.check(bbh, kind: .system, parent: "You are a helpful assistant.")?.rule == .metaTalk)
        #expect(guards.check("You answer as I would: carefully, and you check my facts.", kind: .system, parent: "x") == nil)
        // Seen kept by a pareto run on BIG-Bench Hard (docs/quality.md): it opens by asking the user for input.
        let asks = "Can you provide a sentence for me to check the adjective order of? Please include the sentence, and I will analyze its adjective order and let you know if it is correct or not."
        #expect(guards.check(asks, kind: .system, parent: "You are a helpful assistant.")?.rule == .metaTalk)
        // A question to the model about its own work is fine.
        #expect(guards.check("Can you tell me why? Ask yourself that before you answer, and give me only the answer.", kind: .system, parent: "x") == nil)
        #expect(guards.check("Can you solve it step by step? You can, so do it and check each step.", kind: .system, parent: "x") == nil)
    }

    @Test func aDescriptionOfAPromptIsNotAPrompt() {
        let s3 = "I am a helpful assistant with clear instructions, explicit guidance on what constitutes a positive review, examples and explanations of how the model should read and analyze the review text. I will provide you with clear instructions."
        #expect(guards.check(s3, kind: .system, parent: "You are a helpful assistant.")?.rule == .metaTalk)
    }

    @Test func placeholdersNothingFillsAreRejected() {
        let u5 = "Predict the rating.\n<Question>{question}</Question>\n\nReview:\n{review}\n\nExplain.\n\n<answer>{answer}</answer>"
        let why = guards.check(u5, kind: .user, parent: "Rate it.<Question>{question}</Question> Give it between <answer> and </answer>.")
        #expect(why?.rule == .strayPlaceholder && why?.reason.contains("{review}") == true)
        // {question} itself, a parent's own braces and doubled braces are fine.
        #expect(guards.check("Use {{x}} and {question}.<answer>", kind: .user, parent: "q {question} <answer>") == nil)
        #expect(guards.check("Keep {style} as given. {question} <answer>", kind: .user, parent: "Keep {style}. {question} <answer>") == nil)
    }

    @Test func aDiagnosisPastedIntoAUserPromptIsRejected() {
        let u4 = "Read the customer review and predict the star rating.\n<Question>{question}</Question>\nGive the rating between <answer> and </answer>.\n\n<diagnosis>\nThe system prompt does not specify the domain"
        #expect(guards.check(u4, kind: .user, parent: "Rate it.<Question>{question}</Question> Give it between <answer> and </answer>.")?.rule == .metaTalk)
    }
}
