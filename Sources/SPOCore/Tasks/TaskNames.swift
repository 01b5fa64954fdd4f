/// Task names are keys everywhere (splits, nodes, scores, sessions), so two
/// tasks with one name would be merged: a run scored only one of them and
/// printed its row twice. Every command that resolves tasks refuses that
/// before any call.
public enum TaskNames {
    /// Throws when two of `tasks` share a name, naming both sources and how to rename.
    ///
    /// ```swift
    /// try TaskNames.ensureUnique([navigateBuiltin, navigateFromFile])
    /// // two tasks are named "navigate": the built-in task and ./navigate.json; …
    /// ```
    public static func ensureUnique(_ tasks: [SPOTask]) throws(SPOError) {
        var first: [String: SPOTask] = [:]
        for t in tasks {
            if let other = first[t.name] {
                throw SPOError(
                    "two tasks are named \"\(t.name)\": \(describe(other.source)) and \(describe(t.source)); "
                        + "give one another name with a task spec's `name:` (e.g. a spec file with `name: \(t.name)_2` and `data:` pointing at the file)")
            }
            first[t.name] = t
        }
    }

    static func describe(_ source: TaskSource) -> String {
        switch source {
        case .builtin: "the built-in task"
        case .file(let path): path
        }
    }
}
