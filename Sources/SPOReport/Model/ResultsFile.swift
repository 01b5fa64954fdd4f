public import SPOCore

/// A JSON document given beside the sessions (what `metaspo unseen --json`,
/// `compare --json` or `analyze` write: baselines, unseen-task and comparison
/// tables). The report does not depend on its exact shape: arrays of objects
/// become tables, other values key-value rows.
public struct ResultsFile: Sendable, Hashable {
    /// How it is named in the report (its file name).
    public var name: String
    public var value: JSONValue

    public init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }
}
