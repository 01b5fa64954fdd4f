import Foundation

/// Finds metaspo's shipped files (`configs/`, `themes/`, `prompts/`) and the
/// user's overrides of them.
///
/// Order: a file of the same name in `$XDG_CONFIG_HOME/metaspo/<folder>/` wins;
/// then `$METASPO_HOME/<folder>/`; then the source checkout the binary was built
/// from (found from this file's compile-time path, and by walking up from the
/// executable, which covers `swift run` and `.build/*/metaspo`).
public enum ResourceLocator {
    public static func userConfigDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/metaspo" }
        return NSHomeDirectory() + "/.config/metaspo"
    }

    public static func dataDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/metaspo" }
        return NSHomeDirectory() + "/.local/share/metaspo"
    }

    public static func cacheDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/metaspo" }
        return NSHomeDirectory() + "/.cache/metaspo"
    }

    /// Folders holding shipped resources, best first.
    public static func shippedRoots() -> [String] {
        var roots: [String] = []
        if let home = ProcessInfo.processInfo.environment["METASPO_HOME"], !home.isEmpty { roots.append(home) }
        // Sources/SPOCore/Support/ResourceLocator.swift → the checkout root.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        roots.append(source)
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        return roots
    }

    /// The path of `folder/name` (user override first), or nil.
    public static func find(_ folder: String, _ name: String) -> String? {
        let fm = FileManager.default
        let user = userConfigDirectory() + "/\(folder)/\(name)"
        if fm.fileExists(atPath: user) { return user }
        for root in shippedRoots() {
            let p = root + "/\(folder)/\(name)"
            if fm.fileExists(atPath: p) { return p }
        }
        return nil
    }

    /// Names of files in `folder` with an extension, user overrides included.
    public static func list(_ folder: String, ext: String) -> [String] {
        let fm = FileManager.default
        var names = Set<String>()
        var dirs = [userConfigDirectory() + "/\(folder)"]
        if let shipped = shippedRoots().map({ $0 + "/\(folder)" }).first(where: { fm.fileExists(atPath: $0) }) {
            dirs.append(shipped)
        }
        for dir in dirs {
            for f in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix("." + ext) {
                names.insert(String(f.dropLast(ext.count + 1)))
            }
        }
        return names.sorted()
    }
}
