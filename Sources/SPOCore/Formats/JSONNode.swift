/// A parsed JSON value that remembers the line it started on, so loaders can
/// say "data.json:17: train[3]: missing field question". Object keys keep their
/// order (BIG-bench options are lettered in file order).
public struct JSONNode: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case null
        case bool(Bool)
        /// The number and its text as written (so "007" or "1e3" can be kept verbatim).
        case number(Double, String)
        case string(String)
        case array([JSONNode])
        case object([(key: String, value: JSONNode)])

        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.null, .null): true
            case (.bool(let x), .bool(let y)): x == y
            case (.number(let x, _), .number(let y, _)): x == y
            case (.string(let x), .string(let y)): x == y
            case (.array(let x), .array(let y)): x == y
            case (.object(let x), .object(let y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
            default: false
            }
        }

        public func hash(into h: inout Hasher) {
            switch self {
            case .null: h.combine(0)
            case .bool(let b): h.combine(b)
            case .number(let d, _): h.combine(d)
            case .string(let s): h.combine(s)
            case .array(let a): h.combine(a)
            case .object(let o):
                for (k, v) in o {
                    h.combine(k)
                    h.combine(v)
                }
            }
        }
    }

    public var value: Value
    /// 1-based line where the value starts.
    public var line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }

    public subscript(key: String) -> JSONNode? {
        if case .object(let pairs) = value { return pairs.last { $0.key == key }?.value }
        return nil
    }

    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var array: [JSONNode]? {
        if case .array(let a) = value { return a }
        return nil
    }

    public var object: [(key: String, value: JSONNode)]? {
        if case .object(let o) = value { return o }
        return nil
    }

    public var number: Double? {
        if case .number(let d, _) = value { return d }
        return nil
    }

    /// A scalar as answer text: strings as they are, numbers as written, booleans as true/false.
    public var scalarText: String? {
        switch value {
        case .string(let s): s
        case .number(_, let raw): raw
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
