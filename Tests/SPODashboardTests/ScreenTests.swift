import SPODashboard
import Testing

struct ScreenTests {
    @Test func controlCharactersAndEscapeSequencesAreDrawnInertly() {
        var s = Screen(width: 30, height: 1)
        s.put("a\u{1B}[2J\u{07}b\u{9B}c\u{202E}d\u{7F}", x: 0, y: 0)
        #expect(s.textLines()[0].hasPrefix("a␛[2J␇b\u{FFFD}c\u{FFFD}d␡"))
        for x in 0..<s.width {
            for scalar in s[x: x, y: 0].glyph.unicodeScalars {
                #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value), "cell \(x) holds a control character")
            }
        }
    }

    @Test func asciiModeUsesCaretNotationAndQuestionMarks() {
        var s = Screen(width: 20, height: 1, ascii: true)
        s.put("\u{1B}[0m é 漢", x: 0, y: 0)
        #expect(s.textLines()[0] == "^[[0m ? ?           ")
    }

    @Test func wideGlyphsTakeTwoCellsAndAreNeverCut() {
        var s = Screen(width: 5, height: 2)
        let end = s.put("漢字x", x: 0, y: 0)
        #expect(end == 5)
        #expect(s[x: 0, y: 0].width == 2 && s[x: 1, y: 0].isContinuation)
        #expect(s.textLines()[0] == "漢字x")
        // A wide glyph that would straddle the limit is left out.
        s.put("ab漢", x: 0, y: 1, limit: 3)
        #expect(s.textLines()[1] == "ab   ")
        // Overwriting half of a wide glyph blanks the other half.
        s.put("z", x: 1, y: 0)
        #expect(s.textLines()[0] == " z字x")
    }

    @Test func emojiAreWide() {
        #expect(InertText.width("ok 🚀") == 5)
        #expect(InertText.width("e\u{301}") == 1)
    }

    @Test func ellipsisMarksCutText() {
        var s = Screen(width: 10, height: 1)
        s.put("abcdefghijkl", in: Rect(x: 0, y: 0, width: 6, height: 1))
        #expect(s.textLines()[0] == "abcde…    ")
    }

    @Test func boxesHaveTitlesAndCorners() {
        var s = Screen(width: 12, height: 3)
        s.box(s.bounds, title: "Hi")
        #expect(s.textLines() == ["┌ Hi ──────┐", "│          │", "└──────────┘"])
        var a = Screen(width: 6, height: 3, ascii: true)
        a.box(a.bounds)
        #expect(a.textLines() == ["+----+", "|    |", "+----+"])
    }

    @Test func wrapBreaksAtSpacesAndCutsLongWords() {
        let lines = TextWrap.lines("the quick brown fox\njumps over\n\nsupercalifragilistic", width: 10)
        let text = lines.map { String($0.map(\.char)) }
        #expect(text == ["the quick", "brown fox", "jumps over", "", "supercalif", "ragilistic"])
    }

    @Test func wrapKeepsIndentationAndWidthOfWideGlyphs() {
        let text = TextWrap.lines("  indented line\n漢字漢字漢字", width: 12).map { String($0.map(\.char)) }
        #expect(text == ["  indented", "line", "漢字漢字漢字"])
        let narrow = TextWrap.lines("  indented", width: 9).map { String($0.map(\.char)) }
        #expect(narrow == ["indented"])
        for line in TextWrap.lines("漢字漢字漢字 abc", width: 9) { #expect(line.displayWidth <= 9) }
    }
}
