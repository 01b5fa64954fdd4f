import Foundation
import SPOCore
import SPODashboard
import Testing

struct ThemeTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    @Test(arguments: ["dark", "light", "mono"])
    func shippedThemesParseToTheBuiltInOnes(name: String) throws {
        let path = Self.themes.appendingPathComponent(name + ".yaml").path
        let theme = try Theme.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(theme.name == name)
        #expect(theme.styles == Theme.builtIn[name]!.styles)
        #expect(Set(theme.styles.keys) == Set(Role.allCases))
    }

    @Test func partialThemesOverrideOnlyTheirRoles() throws {
        let t = try Theme.parse("base: light\ntitle: bold red\nselected: {fg: white, bg: '#0000ff', underline: true}\n", file: "mine.yaml")
        #expect(t[.title] == RoleStyle(fg: .index(1), bold: true))
        #expect(t[.selected] == RoleStyle(fg: .index(7), bg: .index(21), underline: true))
        #expect(t[.kept] == Theme.light[.kept])
        #expect(t.name == "mine")
    }

    @Test func brokenThemesNameTheLine() {
        #expect(throws: SPOError.self) { try Theme.parse("title: bold\nscore-up: glowing green\n", file: "bad.yaml") }
        do {
            _ = try Theme.parse("title: bold\nscore-up: glowing green\n", file: "bad.yaml")
        } catch {
            #expect(error.message.hasPrefix("bad.yaml:2: score-up: unknown colour or attribute \"glowing\""))
        }
        do {
            _ = try Theme.parse("title: bold\ntitel: red\n", file: "bad.yaml")
        } catch {
            #expect(error.message.hasPrefix("bad.yaml:2: titel: unknown role"))
        }
        do {
            _ = try Theme.parse("title: [bold\n", file: "bad.yaml")
        } catch {
            #expect(error.message.hasPrefix("bad.yaml:"), "\(error.message)")
            #expect(error.message.contains("invalid YAML"))
        }
    }

    @Test func noColorKeepsRolesDistinct() {
        let t = Theme.dark.withoutColors
        for role in Role.allCases {
            #expect(t[role].fg == .terminalDefault && t[role].bg == .terminalDefault)
        }
        #expect(t[.selected].hasAttributes)
        #expect(t[.diffAdd] != t[.diffDel])
        // Issue 19: a selection shown by its background is reverse video without colour, not bold only.
        #expect(t[.selected].reverse && Theme.light.withoutColors[.selected].reverse)
        #expect(t[.selected] != t[.title])
    }

    @Test func colorsParse() {
        #expect(TermColor(parsing: "bright-cyan") == .index(14))
        #expect(TermColor(parsing: "gray") == .index(8))
        #expect(TermColor(parsing: "244") == .index(244))
        #expect(TermColor(parsing: "#ff0000") == .index(196))
        #expect(TermColor(parsing: "256") == nil)
        #expect(TermColor(parsing: "default") == .terminalDefault)
    }
}
