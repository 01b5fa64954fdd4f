public import SPOCore

/// Colours and attributes per role. Themes are YAML files (`themes/*.yaml`)
/// that may set only some roles; the rest come from the theme they build on
/// (`base:`, the dark theme unless said otherwise).
///
/// A role is written as words — attributes, a colour, and `on` a background
/// colour (`bold bright-cyan`, `black on cyan`, `reverse`) — or as a mapping
/// (`{fg: black, bg: cyan, bold: true}`).
public struct Theme: Sendable, Hashable {
    public var name: String
    public var styles: [Role: RoleStyle]

    public init(name: String, styles: [Role: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public subscript(role: Role) -> RoleStyle {
        styles[role] ?? .plain
    }

    /// Every role with its attributes only (`NO_COLOR`). Roles that would look
    /// like plain text without colour, and roles shown by a background colour
    /// (the selection, diffs: "bold black on cyan" would be bold only), take
    /// the monochrome theme's attributes, so they stay visible.
    public var withoutColors: Theme {
        var out = Theme(name: name + " (no colour)", styles: [:])
        for role in Role.allCases {
            let own = self[role].withoutColors
            let byBackground = self[role].bg != .terminalDefault
            out.styles[role] = (own.hasAttributes || role == .text) && !byBackground ? own : Theme.mono[role]
        }
        return out
    }

    // MARK: built-in themes (the same as the shipped files)

    static func style(_ words: String) -> RoleStyle {
        // Built-in definitions are known to parse.
        (try? parseStyle(words, file: "built-in", line: 0, role: "")) ?? .plain
    }

    /// The default: light text on a dark terminal.
    public static let dark = Theme(name: "dark", styles: [
        .text: style("default"),
        .title: style("bold bright-cyan"),
        .dim: style("bright-black"),
        .selected: style("bold black on cyan"),
        .border: style("244"),
        .scoreUp: style("bright-green"),
        .scoreDown: style("bright-red"),
        .best: style("bold bright-yellow"),
        .kept: style("green"),
        .pinned: style("bold bright-magenta"),
        .pruned: style("bright-black"),
        .warning: style("yellow"),
        .error: style("bold bright-red"),
        .diffAdd: style("bright-green on 22"),
        .diffDel: style("bright-red on 52"),
        .chart: style("cyan"),
    ])

    /// For terminals with a light background.
    public static let light = Theme(name: "light", styles: [
        .text: style("default"),
        .title: style("bold blue"),
        .dim: style("244"),
        .selected: style("bold white on blue"),
        .border: style("245"),
        .scoreUp: style("28"),
        .scoreDown: style("160"),
        .best: style("bold 130"),
        .kept: style("28"),
        .pinned: style("bold magenta"),
        .pruned: style("247"),
        .warning: style("130"),
        .error: style("bold 160"),
        .diffAdd: style("22 on 194"),
        .diffDel: style("88 on 224"),
        .chart: style("25"),
    ])

    /// High contrast with attributes only; also what `NO_COLOR` falls back to.
    public static let mono = Theme(name: "mono", styles: [
        .text: style("default"),
        .title: style("bold"),
        .dim: style("dim"),
        .selected: style("reverse"),
        .border: style("default"),
        .scoreUp: style("bold"),
        .scoreDown: style("underline"),
        .best: style("bold underline"),
        .kept: style("default"),
        .pinned: style("bold"),
        .pruned: style("dim"),
        .warning: style("bold"),
        .error: style("bold reverse"),
        .diffAdd: style("bold underline"),
        .diffDel: style("reverse"),
        .chart: style("default"),
    ])

    public static let builtIn: [String: Theme] = ["dark": dark, "light": light, "mono": mono]

    // MARK: parsing

    /// Reads a theme file's text over `base`. Errors name the file, line and role.
    /// Reads a theme file's text over `base`. `resolveBase` finds the theme a
    /// `base:` key names. Errors name the file, line and role.
    public static func parse(_ text: String, file: String, base: Theme = .dark, resolveBase: (String) -> Theme? = { Theme.builtIn[$0] }) throws(SPOError) -> Theme {
        let tree = try YAMLTree.parse(text, file: file)
        guard case .mapping(let pairs, _) = tree else {
            if case .null = tree { return base }
            throw SPOError(file: file, line: tree.line, "a theme is a mapping of roles to styles, found \(tree.kindName)")
        }
        var theme = base
        if let b = pairs.first(where: { $0.key == "base" }) {
            guard case .scalar(let name, _, _) = b.value else {
                throw SPOError(file: file, line: b.value.line, field: "base", "expected a theme name")
            }
            guard let found = resolveBase(name) else {
                throw SPOError(file: file, line: b.value.line, field: "base", "unknown theme \"\(name)\"")
            }
            theme = found
        }
        theme.name = Self.stem(file)
        for (key, value) in pairs {
            switch key {
            case "base": continue
            case "name":
                if case .scalar(let n, _, _) = value { theme.name = n }
                continue
            case "description": continue
            default: break
            }
            guard let role = Role(rawValue: key) ?? Role(rawValue: String(key.map { $0 == "_" ? "-" : $0 })) else {
                throw SPOError(file: file, line: value.line, field: key, "unknown role (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            theme.styles[role] = try parseStyle(value, file: file, role: key)
        }
        return theme
    }

    static func parseStyle(_ value: YAMLTree, file: String, role: String) throws(SPOError) -> RoleStyle {
        switch value {
        case .scalar(let s, let line, _):
            return try parseStyle(s, file: file, line: line, role: role)
        case .null:
            return .plain
        case .mapping(let pairs, _):
            var style = RoleStyle()
            for (k, v) in pairs {
                let field = "\(role).\(k)"
                guard case .scalar(let s, let line, _) = v else {
                    throw SPOError(file: file, line: v.line, field: field, "expected a value, found \(v.kindName)")
                }
                switch k {
                case "fg", "foreground", "color", "colour":
                    guard let c = TermColor(parsing: s) else { throw colorError(s, file: file, line: line, field: field) }
                    style.fg = c
                case "bg", "background":
                    guard let c = TermColor(parsing: s) else { throw colorError(s, file: file, line: line, field: field) }
                    style.bg = c
                default:
                    let on: Bool
                    switch s.lowercased() {
                    case "true", "yes", "on": on = true
                    case "false", "no", "off": on = false
                    default: throw SPOError(file: file, line: line, field: field, "expected true or false, found \"\(s)\"")
                    }
                    guard style.setAttribute(k, on) else {
                        throw SPOError(file: file, line: line, field: field, "unknown key (fg, bg, \(RoleStyle.attributeNames.joined(separator: ", ")))")
                    }
                }
            }
            return style
        case .sequence(_, let line):
            throw SPOError(file: file, line: line, field: role, "expected a style such as \"bold cyan on black\", found a list")
        }
    }

    static func parseStyle(_ words: String, file: String, line: Int, role: String) throws(SPOError) -> RoleStyle {
        var style = RoleStyle()
        var background = false
        var sawColor = false
        for word in words.split(whereSeparator: { $0 == " " || $0 == "," }).map({ String($0).lowercased() }) {
            if word == "on" {
                background = true
                continue
            }
            if !background, style.setAttribute(word, true) { continue }
            guard let c = TermColor(parsing: word) else { throw colorError(word, file: file, line: line, field: role) }
            if background {
                style.bg = c
            } else {
                guard !sawColor else {
                    throw SPOError(file: file, line: line, field: role, "two colours before \"on\"; write \"FG on BG\"")
                }
                style.fg = c
                sawColor = true
            }
        }
        return style
    }

    static func colorError(_ s: String, file: String, line: Int, field: String) -> SPOError {
        SPOError(file: file, line: line, field: field, "unknown colour or attribute \"\(s)\" (a name such as cyan or bright-red, 0–255, #rrggbb, default; attributes: \(RoleStyle.attributeNames.joined(separator: ", ")))")
    }

    /// A file name without folder and extension.
    static func stem(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = last.lastIndex(of: "."), dot != last.startIndex { return String(last[..<dot]) }
        return last
    }
}
