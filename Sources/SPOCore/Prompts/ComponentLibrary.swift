import Foundation

/// The pieces of system prompt the `sprig` method builds its population from:
/// short components in categories (role, reasoning, format, …), read from
/// `prompts/sprig_components.yaml` (a copy in the user's config folder wins).
public struct ComponentLibrary: Sendable, Hashable {
    public struct Component: Sendable, Hashable {
        public var category: String
        public var text: String

        public init(category: String, text: String) {
            self.category = category
            self.text = text
        }
    }

    /// Every component, in file order.
    public var components: [Component]

    public init(components: [Component]) {
        self.components = components
    }

    public static let fileName = "sprig_components.yaml"

    /// Category names in file order.
    public var categories: [String] {
        var seen = Set<String>()
        return components.map(\.category).filter { seen.insert($0).inserted }
    }

    /// Loads the library: `path` when given, else the user's copy, else the shipped one.
    public static func load(path: String? = nil) throws(SPOError) -> ComponentLibrary {
        guard let file = path ?? ResourceLocator.find("prompts", fileName) else {
            throw SPOError("\(fileName) not found (looked in \(ResourceLocator.userConfigDirectory())/prompts and the shipped prompts/; set METASPO_HOME to the metaspo checkout)")
        }
        return try parse(try TextFile.read(file), file: file)
    }

    /// Reads `category: [component, …]` mappings. Each component must be
    /// non-empty text without the `{question}` slot (a system prompt has none).
    public static func parse(_ text: String, file: String) throws(SPOError) -> ComponentLibrary {
        let r = try YAMLReader(try YAMLTree.parse(text, file: file), file: file)
        var out: [Component] = []
        var seen = Set<String>()
        for (category, value) in r.pairs {
            guard case .sequence(let items, _) = value else {
                throw SPOError(file: file, line: value.line, field: category, "expected a list of components, found \(value.kindName)")
            }
            for (i, item) in items.enumerated() {
                guard case .scalar(let raw, _, _) = item else {
                    throw SPOError(file: file, line: item.line, field: "\(category)[\(i)]", "expected text, found \(item.kindName)")
                }
                let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if t.isEmpty { throw SPOError(file: file, line: item.line, field: "\(category)[\(i)]", "a component cannot be empty") }
                if t.contains(SPOTask.questionSlot) {
                    throw SPOError(file: file, line: item.line, field: "\(category)[\(i)]", "a system-prompt component cannot contain {question}")
                }
                // The same sentence twice would only skew the draw.
                if seen.insert(t.lowercased()).inserted { out.append(Component(category: category, text: t)) }
            }
        }
        if out.isEmpty { throw SPOError(file: file, "the component library is empty; it needs at least one `category: [component, …]` entry") }
        return ComponentLibrary(components: out)
    }

    /// Splits a system prompt into its components: sentences (ending in `.`, `!`
    /// or `?` followed by a space) and lines.
    public static func split(_ prompt: String) -> [String] {
        var parts: [String] = []
        for line in prompt.split(whereSeparator: \.isNewline) {
            var current = ""
            let chars = Array(line)
            for (i, c) in chars.enumerated() {
                current.append(c)
                if ".!?".contains(c), i + 1 < chars.count, chars[i + 1] == " " {
                    parts.append(current)
                    current = ""
                }
            }
            parts.append(current)
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Joins components back into one system prompt.
    public static func join(_ components: [String]) -> String {
        components.joined(separator: " ")
    }
}
