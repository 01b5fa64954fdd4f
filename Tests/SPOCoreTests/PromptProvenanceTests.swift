import Foundation
import SPOCore
import Testing

/// Issue 19: where each sentence of a prompt came from, on hand-made lineages.
struct PromptProvenanceTests {
    typealias Step = PromptProvenance.Step

    @Test func insertionsAreOwnedByTheStepThatWroteThem() {
        let p = PromptProvenance(chain: [
            Step(id: "S1", text: "You are a helpful assistant.", iteration: 0),
            Step(id: "S2", text: "You are a helpful assistant. Check each step before you answer.", iteration: 1, analysis: "A3", delta: 0.125),
            Step(id: "S4", text: "Read the question twice. You are a helpful assistant. Check each step before you answer.", iteration: 2, analysis: "A9", delta: -0.05),
        ])
        #expect(p.sentences.map(\.introducedBy) == ["S4", "S1", "S2"])
        #expect(p.sentences.allSatisfy { $0.editedBy.isEmpty })
        #expect(p.sentences.map(\.text).joined() == "Read the question twice. You are a helpful assistant. Check each step before you answer.")
        #expect(p.label("S2") == "S2 · iteration 1 · A3 · +12.5")
        #expect(p.label("S1") == "S1 · initial")
        #expect(p.label("S4") == "S4 · iteration 2 · A9 · -5.0")
    }

    @Test func rewordingsKeepTheOriginAndNameTheEditor() {
        let p = PromptProvenance(chain: [
            Step(id: "U1", text: "Count the objects in the list and answer with a number.", iteration: 0),
            Step(id: "U5", text: "Count every object in the list and answer with one number.", iteration: 1),
        ])
        // Most words are U1's; U5 changed two of them.
        #expect(p.sentences.count == 1)
        #expect(p.sentences[0].introducedBy == "U1" && p.sentences[0].editedBy == ["U5"])
        // A sentence rewritten through and through belongs to its rewriter.
        let q = PromptProvenance(chain: [
            Step(id: "U1", text: "Answer briefly.", iteration: 0),
            Step(id: "U2", text: "Think it through, then give the final answer only.", iteration: 1),
        ])
        #expect(q.sentences.map(\.introducedBy) == ["U2"])
    }

    @Test func deletionsLeaveNoTraceAndLaterWordsKeepTheirOrigin() {
        let p = PromptProvenance(chain: [
            Step(id: "S1", text: "Be brief. Be polite. Be exact.", iteration: 0),
            Step(id: "S2", text: "Be brief. Be polite. Be exact. Show your work.", iteration: 1),
            Step(id: "S3", text: "Be brief. Be exact. Show your work.", iteration: 2),
        ])
        #expect(p.sentences.map { $0.text.trimmingCharacters(in: .whitespaces) } == ["Be brief.", "Be exact.", "Show your work."])
        #expect(p.sentences.map(\.introducedBy) == ["S1", "S1", "S2"])
        #expect(p.sentences.allSatisfy { $0.editedBy.isEmpty })
    }

    @Test func mergedLinesAndRewrappingAreNotChanges() {
        let p = PromptProvenance(chain: [
            Step(id: "S1", text: "Read carefully.\nAnswer with the letter", iteration: 0),
            // The two lines joined into one, a word added: only that word is S2's.
            Step(id: "S2", text: "Read carefully. Answer with the letter only.", iteration: 1),
        ])
        #expect(p.sentences.map(\.introducedBy) == ["S1", "S1"])
        #expect(p.sentences[1].editedBy == ["S2"])
        // Annotated text for `export --blame`: one line per sentence after its label.
        #expect(p.annotatedText == """
            S1 · initial  Read carefully.
            S1 · initial  Answer with the letter only.  (edited in S2)

            """)
    }

    @Test func aSingleStepOrNoneIsFine() {
        #expect(PromptProvenance(chain: []).sentences.isEmpty)
        let one = PromptProvenance(chain: [Step(id: "S1", text: "  Hello there. ", iteration: 0)])
        #expect(one.sentences.map(\.introducedBy) == ["S1"])
        #expect(one.sentences.map(\.text).joined() == "  Hello there. ")
    }
}
