import Foundation
import Testing
@testable import SPOCore

/// Dataset text and model replies are data: names made from them stay in
/// their folder, and printed they cannot act on the terminal.
struct UntrustedTextTests {
    static let hostileNames = [
        "../../etc/passwd", "/etc/shadow", "..", ".", ".hidden", "a/../../b", "..\\..\\win", "run\0id", "\u{1B}]0;title\u{07}",
        "S1/../../../tmp/x", String(repeating: "../", count: 200), "", "名前", "run id with spaces",
    ]

    @Test(arguments: hostileNames)
    func exportNamesStayInTheirFolder(_ name: String) {
        let dir = "/data/metaspo/exports"
        let path = SafeFileName.path(in: dir, name: "\(name)-S1", suffix: ".txt")
        let file = (path as NSString).lastPathComponent
        #expect((path as NSString).deletingLastPathComponent == dir, "\(path)")
        #expect(((path as NSString).standardizingPath as NSString).deletingLastPathComponent == dir)
        #expect(!file.hasPrefix(".") && !file.contains("/") && file.utf8.count <= 104)
        #expect(file.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        #expect(SafeFileName.component(name).isEmpty == false)
    }

    @Test func ordinaryNamesAreKept() {
        #expect(SafeFileName.component("2026-11-27T09-12-03-S4") == "2026-11-27T09-12-03-S4")
        #expect(SafeFileName.component("run_1.v2") == "run_1.v2")
    }

    @Test(arguments: hostileNames.filter { !$0.isEmpty })
    func sessionNamesFromHostileRunIDsAreRefused(_ id: String) throws {
        let dir = TempDir()
        guard id.contains("/") || id.hasPrefix(".") || id.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 0x20 || $0 == " " || $0 == "\\" }) else { return }
        #expect(throws: SPOError.self) { _ = try SessionWriter.create(directory: dir.path, runID: id, config: [:]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    static let sequences = [
        "\u{1B}[2J\u{1B}[H", "\u{1B}]0;owned\u{07}", "\u{1B}]52;c;Y2xpcGJvYXJk\u{07}", "\u{9B}31m", "\u{9D}0;x\u{9C}", "\u{7F}", "a\rb",
        "\u{1B}P+q\u{1B}\\", "\u{08}\u{08}\u{08}", "\u{0}", "\u{1B}[6n",
    ]

    @Test(arguments: sequences)
    func escapeSequencesPrintInertly(_ seq: String) {
        let text = "before " + seq + " after\nnext line\tend"
        let inert = TerminalText.inert(text)
        #expect(TerminalText.isInert(inert), "\(inert.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(!TerminalText.isInert(text))
        #expect(inert.hasPrefix("before ") && inert.hasSuffix(" after\nnext line\tend"))
        let line = TerminalText.line(text)
        #expect(TerminalText.isInert(line) && !line.contains("\n") && !line.contains("\t"))
    }

    @Test func plainTextIsUntouchedAndCRLFIsALineEnd() {
        let plain = "Résumé: 3 → 4 ✓\nline two\ttab 👩‍👩‍👧"
        #expect(TerminalText.inert(plain) == plain)
        #expect(TerminalText.inert("one\r\ntwo") == "one\ntwo")
        #expect(TerminalText.inert("\u{1B}[31mred") == "\u{241B}[31mred")
    }

    @Test func errorMessagesPrintInertlyAndKeepTheirText() {
        let e = SPOError(file: "x.yaml", line: 3, field: "theme\u{1B}[2J", "unknown key")
        #expect(e.message.contains("\u{1B}"))
        #expect(TerminalText.isInert("\(e)") && "\(e)".contains("\u{241B}[2J"))
    }
}
