/// Collects an event's fields in the order they are written, so every line of
/// a given type has the same key order.
struct EventFieldWriter {
    var pairs: [(key: String, value: JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue) { pairs.append((key, value)) }
    mutating func add(_ key: String, _ value: String) { pairs.append((key, .string(value))) }
    mutating func add(_ key: String, _ value: Int) { pairs.append((key, .int(value))) }
    mutating func add(_ key: String, _ value: Double) { pairs.append((key, .double(value))) }
    mutating func add(_ key: String, _ value: Bool) { pairs.append((key, .bool(value))) }

    /// Writes `null` for nil: the field is part of the type's shape.
    mutating func add(_ key: String, orNull value: String?) { pairs.append((key, value.map(JSONValue.string) ?? .null)) }

    /// Leaves the field out for nil: it is an optional extra.
    mutating func add(_ key: String, ifPresent value: String?) { if let value { add(key, value) } }
    mutating func add(_ key: String, ifPresent value: Int?) { if let value { add(key, value) } }
    mutating func add(_ key: String, ifPresent value: Double?) { if let value { add(key, value) } }

    mutating func add(_ key: String, _ values: [String]) { pairs.append((key, .array(values.map(JSONValue.string)))) }
    mutating func add(_ key: String, _ values: [Int]) { pairs.append((key, .array(values.map(JSONValue.int)))) }

    mutating func add(_ key: String, object build: (inout EventFieldWriter) -> Void) {
        var inner = EventFieldWriter()
        build(&inner)
        pairs.append((key, .object(inner.pairs)))
    }

    var value: JSONValue { .object(pairs) }
}
