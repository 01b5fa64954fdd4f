import SPOCore
import SPODashboard
import Testing

struct WordDiffTests {
    @Test func findsAddedAndRemovedWords() {
        let d = WordDiff(old: "Answer the question.", new: "Work step by step. Answer the question carefully.")
        // "question." became "question carefully.": one word out, two in.
        #expect(d.pieces.filter { $0.op == .added }.map(\.word) == ["Work", "step", "by", "step.", "question", "carefully."])
        #expect(d.pieces.filter { $0.op == .removed }.map(\.word) == ["question."])
    }

    @Test func identicalTextsHaveNoChanges() {
        let d = WordDiff(old: "a b\nc", new: "a  b\nc")
        #expect(d.addedWords == 0 && d.removedWords == 0)
    }

    @Test func sidesCarryDiffRoles() {
        let d = WordDiff(old: "keep drop keep", new: "keep add keep")
        let old = d.paragraphs(newSide: false, ascii: false).flatMap { $0 }
        let new = d.paragraphs(newSide: true, ascii: false).flatMap { $0 }
        #expect(String(old.filter { $0.role == .diffDel }.map(\.char)) == "drop")
        #expect(String(new.filter { $0.role == .diffAdd }.map(\.char)) == "add")
        #expect(String(new.map(\.char)) == "keep add keep")
    }

    @Test func newlinesSplitParagraphs() {
        let d = WordDiff(old: "one\ntwo", new: "one\ntwo\nthree")
        #expect(d.paragraphs(newSide: true, ascii: false).count == 3)
        #expect(d.paragraphs(newSide: false, ascii: false).count == 2)
        let texts = d.paragraphs(newSide: true, ascii: false).map { String($0.map(\.char)) }
        #expect(texts == ["one", "two", "three"])
    }
}
