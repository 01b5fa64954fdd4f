import Foundation
public import SPOCore

/// Finds and reads themes: a path, or a name looked up in
/// `$XDG_CONFIG_HOME/metaspo/themes/` and then the shipped `themes/` folder,
/// falling back to the built-in copies of the shipped themes.
public enum ThemeLoader {
    /// The theme `nameOrPath` names (nil: the dark default). A file that cannot be
    /// read or parsed is an error naming its line.
    public static func load(_ nameOrPath: String?) throws(SPOError) -> Theme {
        try load(nameOrPath, depth: 0)
    }

    private static func load(_ nameOrPath: String?, depth: Int) throws(SPOError) -> Theme {
        guard let spec = nameOrPath, !spec.isEmpty else { return try load("dark", depth: depth) }
        guard depth < 8 else { throw SPOError("theme \(spec): too many `base:` steps (a loop?)") }
        let path: String?
        if spec.contains("/") || spec.hasSuffix(".yaml") || spec.hasSuffix(".yml") {
            guard FileManager.default.fileExists(atPath: spec) else { throw SPOError(file: spec, "no such theme file") }
            path = spec
        } else {
            path = ResourceLocator.find("themes", spec + ".yaml")
        }
        guard let path else {
            if let t = Theme.builtIn[spec] { return t }
            throw SPOError("unknown theme \"\(spec)\" (themes: \(available().joined(separator: ", ")); or give a path to a .yaml file)")
        }
        let text = try TextFile.read(path)
        var nested: SPOError?
        do throws(SPOError) {
            return try Theme.parse(text, file: path) { name in
                // A user's `dark.yaml` may build on the built-in dark theme.
                guard name != spec else { return Theme.builtIn[name] }
                do throws(SPOError) {
                    return try load(name, depth: depth + 1)
                } catch {
                    nested = error
                    return nil
                }
            }
        } catch {
            throw nested ?? error
        }
    }

    /// Theme names a user can pick.
    public static func available() -> [String] {
        Array(Set(ResourceLocator.list("themes", ext: "yaml")).union(Theme.builtIn.keys)).sorted()
    }
}
