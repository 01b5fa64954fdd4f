import Foundation
import Testing
@testable import SPOCore

/// `TagScanner` reads tags as the regular expression it replaced did, in linear time.
struct TagScannerTests {
    /// The regular expression the scanner replaced, as a reference.
    static func regexPairs(_ text: String, tag: String) -> [String] {
        let pattern = "<\\s*\(tag)\\s*>(.*?)<\\s*/\\s*\(tag)\\s*>"
        let re = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    static let cases = [
        "<answer>B</answer>", "<ANSWER >b</ answer>", "< answer\t>x</\n answer >", "<answer>a<answer>b</answer>c</answer>",
        "<answer></answer><answer> </answer>", "</answer><answer>x", "<answer>one</answer> and <Answer>two</ANSWER>",
        "<<answer>>x<</answer>>", "<answer\u{2003}>em space</answer\u{3000}>", "<answer\u{85}>nel</answer>",
        "<\u{212A}ey>kelvin</key>", "<answer>é\u{301}👩‍👩‍👧</answer>", "<answe>no</answe>", "<answer>", "", "<", "</",
        "<answer>x</answer", "<answer>\n\nmulti\nline\n</answer>",
    ]

    @Test(arguments: cases)
    func readsWhatTheRegularExpressionRead(_ text: String) {
        let tag = text.contains("ey>") ? "key" : "answer"
        let scan = TagScanner(text, tag: tag)
        #expect(scan.pairs.map(scan.text) == Self.regexPairs(text, tag: tag))
    }

    @Test func unclosedTagAfterTheLastPair() {
        #expect(AnswerExtractor.tagContent("<answer>A</answer> then <answer>B") == "B")
        #expect(AnswerExtractor.tagContent("<answer>B</answer> then <answer>  ") == "B")
        #expect(AnswerExtractor.tagContent("<answer>a <answer>C") == "C")
    }

    /// Found by fuzzing: 40 KB of opening tags and no closing one ran for minutes,
    /// since the regular expression tried each opening tag against the rest.
    @Test func manyOpeningTagsTakeLinearTime() {
        let reply = String(repeating: "<answer>", count: 50_000) + "(C)"
        #expect(AnswerExtractor.tagContent(reply) == "(C)")
        #expect(AnswerExtractor.extract(reply, kind: .letter, choiceCount: 4) == .answer("C"))
        let spaces = String(repeating: "<", count: 20_000) + String(repeating: " ", count: 20_000) + "answer>x"
        #expect(AnswerExtractor.tagContent(spaces) == "x")
        #expect(OptimizerReply.tagged(String(repeating: "<improved_system_prompt>", count: 20_000), tag: "improved_system_prompt") == nil)
    }
}
