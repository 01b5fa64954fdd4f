import Foundation

/// A hand-written system prompt that optimized prompts are compared against.
public struct BaselinePrompt: Sendable, Hashable, Codable {
    /// The file's stem, e.g. `default`, `chain-of-thought`.
    public var name: String
    public var text: String
    /// Where it was read from.
    public var path: String

    public init(name: String, text: String, path: String) {
        self.name = name
        self.text = text
        self.path = path
    }
}

/// The baseline system prompts: `prompts/baselines/NAME.txt`, shipped, with a
/// file of the same name in `$XDG_CONFIG_HOME/metaspo/prompts/baselines/`
/// overriding it, and further files there adding baselines of the user's own.
public enum BaselinePrompts {
    /// The folder (under the shipped roots and the user's config folder).
    public static let folder = "prompts/baselines"
    /// The baseline that "improves" is measured against.
    public static let defaultName = "default"

    /// Every baseline's name, `default` first, then alphabetical.
    public static func names() -> [String] {
        let all = ResourceLocator.list(folder, ext: "txt")
        return all.filter { $0 == defaultName } + all.filter { $0 != defaultName }
    }

    /// The named baselines in the order given, or all of them when `names` is
    /// empty. `default` is always included (first) since gains are measured
    /// against it.
    public static func load(_ requested: [String] = []) throws(SPOError) -> [BaselinePrompt] {
        let known = names()
        var wanted = requested.isEmpty ? known : requested
        if !wanted.contains(defaultName) { wanted.insert(defaultName, at: 0) }
        var seen = Set<String>()
        var out: [BaselinePrompt] = []
        for name in wanted where seen.insert(name).inserted {
            out.append(try load(name: name, known: known))
        }
        return out
    }

    static func load(name: String, known: [String]) throws(SPOError) -> BaselinePrompt {
        guard let path = ResourceLocator.find(folder, name + ".txt") else {
            let list = known.isEmpty ? "none found; set METASPO_HOME to the metaspo checkout" : known.joined(separator: ", ")
            throw SPOError("unknown baseline \"\(name)\" (baselines: \(list); add your own as \(ResourceLocator.userConfigDirectory())/\(folder)/\(name).txt)")
        }
        let text = try TextFile.read(path).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw SPOError(file: path, "the baseline prompt is empty") }
        if text.contains(SPOTask.questionSlot) {
            throw SPOError(file: path, "a system prompt must not contain the {question} slot (it belongs in the user prompt)")
        }
        return BaselinePrompt(name: name, text: text, path: path)
    }
}
