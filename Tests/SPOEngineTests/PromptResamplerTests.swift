import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing
@testable import SPOEngine

struct PromptResamplerTests {
    static let prompts = try! MetaPromptSet.load()
    static let task = ScriptedModel.task("a")

    /// Replies chosen by sample index.
    final class ReplyTable: LanguageModel, @unchecked Sendable {
        let replies: [Int: String]
        private let lock = NSLock()
        private(set) var asked: [Int] = []
        init(_ replies: [Int: String]) { self.replies = replies }
        var identity: String { "table" }
        func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
            lock.withLock { asked.append(parameters.sampleIndex) }
            return Completion(text: replies[parameters.sampleIndex] ?? "no tag here", usage: .init(promptTokens: 1, completionTokens: 1, latencySeconds: 0))
        }
    }

    @Test func simulatedVariantsKeepTheSlotAndDiffer() async throws {
        let model = SimulatedModel(tasks: [Self.task], settings: .init(malformedOptimizerShare: 0.2), prompts: Self.prompts)
        let r = PromptResampler(model: model, template: Self.prompts.apeResample, seed: 7)
        let source = Self.task.userPrompt
        let out = try await r.resample(source, count: 4, baseSampleIndex: 1000)
        #expect(out.variants.count == 4)
        #expect(out.variants.map(\.slot) == [0, 1, 2, 3])
        for v in out.variants {
            #expect(v.text.components(separatedBy: "{question}").count == 2, "exactly one slot: \(v.text)")
            #expect(OptimizerReply.normalized(v.text) != OptimizerReply.normalized(source))
        }
        #expect(Set(out.variants.map { OptimizerReply.normalized($0.text) }).count == 4)
        // Every request is counted: one per variant plus one per rejected reply.
        #expect(out.calls == 4 + out.rejections.count)
        #expect(model.count(.apeResample) == out.calls)
        // Same inputs, same variants (the requests are a pure function of them).
        let again = try await r.resample(source, count: 4, baseSampleIndex: 1000)
        #expect(again == out)
    }

    @Test func systemPromptVariantsGainNoSlot() async throws {
        let model = SimulatedModel(tasks: [Self.task], settings: .init(malformedOptimizerShare: 0), prompts: Self.prompts)
        let r = PromptResampler(model: model, template: Self.prompts.apeResample)
        let out = try await r.resample("You are a helpful assistant.", count: 3, baseSampleIndex: 0)
        #expect(out.variants.count == 3)
        #expect(out.variants.allSatisfy { !$0.text.contains("{question}") })
        #expect(out.calls == 3 + out.rejections.count, "\(out.rejections)")
    }

    @Test func rejectionsAreExplainedAndRetriedWithNewIndices() async throws {
        let source = "Solve it. <Question>{question}</Question>"
        func v(_ s: String) -> String { "<prompt_variant>\(s)</prompt_variant>" }
        // base 100, stride 10: slot 0 asks 101, 102, 103; slot 1 asks 111, 112, 113.
        let model = ReplyTable([
            101: "Sure, here it is: Solve this.",                      // no tag
            102: v("Solve this one."),                                 // lost the slot
            103: v("Work it out.  <Question>{question}</Question>"),   // a copy of slot 1's
            111: v("solve it.   <Question>{question}</Question>"),     // the source again
            112: v("Work it out. <Question>{question}</Question>"),    // accepted in round 2
            113: v("never asked"),
        ])
        let r = PromptResampler(model: model, template: Self.prompts.apeResample, attempts: 3)
        let out = try await r.resample(source, count: 2, baseSampleIndex: 100)
        #expect(out.variants.map(\.text) == ["Work it out. <Question>{question}</Question>"])
        #expect(out.variants.first?.slot == 1 && out.variants.first?.attempt == 2 && out.variants.first?.sampleIndex == 112)
        #expect(out.calls == 5)
        #expect(out.rejections(slot: 0).map(\.reason) == [
            "reply had no <prompt_variant> tag", "variant lost the {question} slot", "variant repeats the source or an earlier variant",
        ])
        #expect(out.rejections(slot: 1).map(\.reason) == ["variant is identical to the source prompt"])
        #expect(Set(model.asked) == [101, 102, 103, 111, 112])
        let twice = try await r.resample("Q: {question}", count: 1, baseSampleIndex: 100)
        #expect(twice.rejections.isEmpty == false)
        let doubled = ReplyTable([1: v("Q: {question} and again {question}")])
        let d = try await PromptResampler(model: doubled, template: Self.prompts.apeResample, attempts: 1).resample("Q: {question}", count: 1, baseSampleIndex: 0)
        #expect(d.rejections.map(\.reason) == ["variant has the {question} slot 2 times"])
    }

    @Test func existingTextsAreAvoided() async throws {
        let model = ReplyTable([1: "<prompt_variant>Be kind.</prompt_variant>", 2: "<prompt_variant>Be brief.</prompt_variant>"])
        let r = PromptResampler(model: model, template: Self.prompts.apeResample, attempts: 2)
        let out = try await r.resample("Be nice.", count: 1, baseSampleIndex: 0, avoiding: ["be  KIND."])
        #expect(out.variants.map(\.text) == ["Be brief."])
        #expect(out.rejections.map(\.reason) == ["variant repeats the source or an earlier variant"])
    }

    @Test func aCheckRejectsVariantsAndTheNextAttemptIsAsked() async throws {
        func v(_ s: String) -> String { "<prompt_variant>\(s)</prompt_variant>" }
        let model = ReplyTable([
            1: v("Answer yes or no. <Question>{question}</Question> <answer>Yes or no.</answer>"),
            2: v("Answer yes or no. <Question>{question}</Question> Reply like this: <answer>yes</answer>"),
        ])
        var r = PromptResampler(model: model, template: Self.prompts.apeResample, attempts: 2)
        r.check = { PromptGuards.instructionInsideAnswerTags($0).map { "inside: \($0)" } }
        let out = try await r.resample("Answer. <Question>{question}</Question>", count: 1, baseSampleIndex: 0)
        #expect(out.variants.map(\.sampleIndex) == [2])
        #expect(out.rejections.map(\.reason) == ["inside: Yes or no."])
    }
}
