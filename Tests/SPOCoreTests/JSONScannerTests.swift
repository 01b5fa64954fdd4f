import Testing
@testable import SPOCore

/// The two JSON parsers read strings and numbers with one scanner
/// (`JSONScanner`), so they accept and refuse the same texts; each words the
/// problems in its own terms.
struct JSONScannerTests {
    static func both(_ text: String) -> (line: String, bytes: String) {
        let line: String
        do throws(JSONParser.Failure) {
            line = JSONValue(try JSONParser.parse(text)).compactText
        } catch {
            line = "error \(error.column): \(error.problem)"
        }
        let bytes: String
        do throws(JSONBytesParser.Failure) {
            bytes = try JSONBytesParser.parse(text).compactText
        } catch {
            bytes = "error \(error.column): \(error.problem)"
        }
        return (line, bytes)
    }

    @Test(arguments: [
        #"["a\"b\\c\/d\b\f\n\r\t"]"#, #"["\u00e9\ud83d\ude00"]"#, #"[0, -0, 12, -3.5e-2, 1E+3, 123456789012345678901234567890]"#,
        #"{"k": [true, false, null, "x"]}"#, #"["lone \ud800 high"]"#, #"["\udc00 lone low"]"#,
    ])
    func bothReadTheSameValue(_ text: String) {
        let (line, bytes) = Self.both(text)
        #expect(line == bytes)
        #expect(!line.hasPrefix("error"), "\(line)")
    }

    /// JSONParser read "07" as 7 (RFC 8259 and the session parser refuse it), and
    /// a high surrogate before another escape swallowed that escape.
    @Test func leadingZerosAndBrokenSurrogatesAsTheSessionParserReadsThem() {
        #expect(Self.both("[07]").line == "error 4: invalid number: no leading zeros (write 7, not 07)")
        #expect(Self.both("[07]").bytes == "error 4: a number cannot start with 0")
        #expect(Self.both(#"["\ud800\u0041"]"#).line == #"["\#u{FFFD}A"]"#)
        #expect(Self.both(#"["\ud800\u0041"]"#).bytes == #"["\#u{FFFD}A"]"#)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var line: String
        var bytes: String
        var testDescription: String { text }
    }

    static let problems: [Case] = [
        Case(text: #"["abc"#, line: "error 6: unexpected end of file inside a string", bytes: "error 6: the line ends inside a string"),
        Case(text: #"["a\"#, line: "error 5: unexpected end of file in an escape", bytes: "error 5: the line ends inside an escape"),
        Case(text: #"["\u12"#, line: #"error 5: unexpected end of file in a \u escape"#, bytes: #"error 5: the line ends inside a \u escape"#),
        Case(text: #"["\uZZZZ"]"#, line: #"error 5: invalid \u escape"#, bytes: #"error 5: bad \u escape"#),
        Case(text: #"["\q"]"#, line: #"error 5: invalid escape \q"#, bytes: #"error 5: unknown escape \'q'"#),
        Case(text: "[\"a\nb\"]", line: "error 4: line break inside a string (missing closing quote?)", bytes: "error 4: control character inside a string"),
        Case(text: "[\"a\u{1}b\"]", line: "error 4: control character inside a string", bytes: "error 4: control character inside a string"),
        Case(text: "[-]", line: "error 3: invalid number", bytes: "error 3: a number needs digits"),
        Case(text: "[1.]", line: "error 4: invalid number: digits expected after '.'", bytes: "error 4: digits expected after '.'"),
        Case(text: "[1e+]", line: "error 5: invalid number: digits expected in exponent", bytes: "error 5: digits expected in the exponent"),
        Case(text: "[2e999]", line: "error 7: number out of range: 2e999", bytes: "error 7: number out of range"),
    ]

    @Test(arguments: problems)
    func eachWordsTheSameProblemAtTheSameColumn(_ c: Case) {
        let got = Self.both(c.text)
        #expect(got.line == c.line)
        #expect(got.bytes == c.bytes)
    }
}
