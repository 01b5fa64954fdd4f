/// Line 1 of a session file:
/// `{"format":"metaspo-session","version":1,"created":"…","config":{…}}`.
public struct SessionHeader: Sendable, Hashable {
    public static let format = "metaspo-session"
    /// The major format version this build writes and reads. A reader refuses
    /// files with a higher one; additions that old readers can skip (new event
    /// types, new fields) do not raise it.
    public static let currentVersion = 1

    public var version: Int
    /// When the session was created, ISO 8601 in UTC.
    public var created: String
    /// The run's config, secrets removed.
    public var config: JSONValue
    /// `TaskDigest` of each task by name, as the run started (sessions from
    /// before it was recorded have none).
    public var taskDigests: [String: String]

    public init(version: Int = SessionHeader.currentVersion, created: String, config: JSONValue, taskDigests: [String: String] = [:]) {
        self.version = version
        self.created = created
        self.config = config
        self.taskDigests = taskDigests
    }

    public var jsonValue: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("format", .string(Self.format)), ("version", .int(version)), ("created", .string(created)), ("config", config)]
        if !taskDigests.isEmpty { pairs.append(("task_digests", JSONValue(sortedKeys: taskDigests.mapValues(JSONValue.string)))) }
        return .object(pairs)
    }

    /// Reads a header object. Does not judge the version; the reader does, with the file's name.
    public init(json: JSONValue) throws(SPOError) {
        guard let pairs = json.objectValue else { throw SPOError("expected the session header object, found \(json.typeName)") }
        let r = EventFieldReader(pairs, context: "session header")
        guard let format = r.value("format") else { throw SPOError("not a metaspo session (line 1 has no \"format\")") }
        guard format.stringValue == Self.format else {
            // compactText escapes control characters already; only keep it short.
            let shown = format.compactText.count > 60 ? String(format.compactText.prefix(60)) + "…" : format.compactText
            throw SPOError("not a metaspo session (format is \(shown), expected \"\(Self.format)\")")
        }
        version = try r.int("version")
        created = try r.optionalString("created") ?? ""
        config = r.json("config", default: [:])
        taskDigests = [:]
        if let digests = r.value("task_digests")?.objectValue {
            for (name, value) in digests { if let s = value.stringValue { taskDigests[name] = s } }
        }
    }
}
