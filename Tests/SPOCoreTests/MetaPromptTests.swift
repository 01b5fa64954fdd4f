import Testing
@testable import SPOCore

struct MetaPromptTests {
    @Test func shippedTemplatesLoadAndRender() throws {
        let set = try MetaPromptSet.load()
        let text = set.userWriter.render(["system_prompt": "S", "user_prompt": "U {question}", "examples": "E", "analysis": "A {{examples}}"])
        #expect(text.contains("<Question>{question}</Question>"), "the literal slot survives rendering")
        #expect(text.contains("A {{examples}}"), "inserted values are not expanded again")
        #expect(!text.contains("{{analysis}}"))
        #expect(set.systemWriter.render(["system_prompt": "S", "analysis": "A"]).contains("<improved_system_prompt>"))
    }

    @Test func overrideMissingPlaceholderIsAnError() {
        let dir = TempDir()
        let path = dir.write("w.yaml", "system: x\nuser: |-\n  only {{analysis}}\n")
        do {
            _ = try MetaPromptSet.load(overrides: ["user_writer": path])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasSuffix("w.yaml:2: user: missing placeholder(s) {{user_prompt}}"))
        }
    }

    @Test func replyValidation() {
        let parent = "Solve it. <Question>{question}</Question>"
        #expect(OptimizerReply.userPrompt("<improved_instruction_prompt>Think. <Question>{question}</Question></improved_instruction_prompt>", parent: parent)
            == .success("Think. <Question>{question}</Question>"))
        #expect(OptimizerReply.userPrompt("Here you go: Think harder.", parent: parent) == .failure(.init("reply had no <improved_instruction_prompt> tag")))
        #expect(OptimizerReply.userPrompt("<improved_instruction_prompt>Think.</improved_instruction_prompt>", parent: parent)
            == .failure(.init("new user prompt lost the {question} slot")))
        #expect(OptimizerReply.userPrompt("<improved_instruction_prompt>solve it.  <Question>{question}</Question></improved_instruction_prompt>", parent: parent)
            == .failure(.init("new user prompt is identical to its parent")))
        #expect(OptimizerReply.userPrompt("<improved_instruction_prompt>  </improved_instruction_prompt>", parent: parent)
            == .failure(.init("reply had no <improved_instruction_prompt> tag")))
        #expect(OptimizerReply.systemPrompt("<IMPROVED_SYSTEM_PROMPT>Be careful.</improved_system_prompt>", parent: "Be nice.") == .success("Be careful."))
        #expect(OptimizerReply.analysis("no tags but useful prose") == "no tags but useful prose")
        #expect(OptimizerReply.analysis("<Analysis>core</Analysis> trailing") == "core")
        #expect(OptimizerReply.analysis("   ") == nil)
        #expect(OptimizerReply.analysis("<Analysis>\n\nThe prompt is vague") == "The prompt is vague")
    }

    @Test func wrongExampleBlock() {
        let w = OptimizerExample(index: 3, systemPrompt: "S", userMessage: "Q?", response: "R", prediction: "B", gold: "A")
        #expect(w.rendered.hasPrefix("<Example>\nSystem prompt:\nS\n"))
        #expect(w.rendered.contains("Correct answer:\nA\n</Example>"))
    }
}
