import Foundation
public import SPOCore

/// Resolves task references (built-in names, config `tasks:` entries, file paths)
/// to tasks, and caches them so each file is read once.
public struct TaskCatalog: Sendable {
    public var config: RunConfig

    public init(config: RunConfig = RunConfig()) { self.config = config }

    /// True when a reference looks like a path rather than a name.
    public static func isPath(_ ref: String) -> Bool {
        ref.contains("/") || [".yaml", ".yml", ".json", ".jsonl", ".csv", ".tsv", ".ndjson"].contains { ref.lowercased().hasSuffix($0) }
    }

    /// One task by reference. Paths in a config resolve against its folder; on the
    /// command line, against the working directory (`fromConfig: false`).
    public func task(_ ref: String, fromConfig: Bool = false, warnings: inout [String]) throws(SPOError) -> SPOTask {
        if let spec = config.taskSpecs[ref] {
            return try TaskLoader.build(spec, baseDirectory: config.baseDirectory, origin: "config task \(ref)")
        }
        if let builtin = BuiltinTasks.task(named: ref) { return builtin }
        if Self.isPath(ref) {
            let path = TextFile.resolve(ref, relativeTo: fromConfig ? config.baseDirectory : nil)
            return try TaskLoader.load(path: path, warnings: &warnings)
        }
        let names = (Array(config.taskSpecs.keys).sorted() + BuiltinTasks.names).joined(separator: ", ")
        throw SPOError("unknown task \"\(ref)\"; known tasks: \(names) (or give a path to a task spec or data file)")
    }

    /// Every task a user can name without a path: the config's then the built-in ones.
    public func allNamed(warnings: inout [String]) throws(SPOError) -> [SPOTask] {
        var out: [SPOTask] = []
        for name in config.taskSpecs.keys.sorted() {
            out.append(try task(name, warnings: &warnings))
        }
        for family in BuiltinTasks.families where config.taskSpecs[family.name] == nil {
            out.append(BuiltinTasks.task(family))
        }
        return out
    }
}
