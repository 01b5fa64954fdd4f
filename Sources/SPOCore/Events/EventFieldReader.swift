/// Reads the fields of one event object. Every error names the event type and
/// the field ("evaluation_finished: missing field \"score\""), so a bad line in a
/// session says exactly what is wrong. Unknown fields are ignored.
struct EventFieldReader {
    let pairs: [(key: String, value: JSONValue)]
    /// The event type, for messages (it may come from the file: made inert when shown).
    let context: String
    /// Path of an enclosing field ("node." or "wrong[2]."), for messages.
    let prefix: String

    init(_ pairs: [(key: String, value: JSONValue)], context: String, prefix: String = "") {
        self.pairs = pairs
        self.context = context
        self.prefix = prefix
    }

    /// A field's value; a repeated key means its last value, as in most parsers.
    func value(_ key: String) -> JSONValue? {
        for pair in pairs.reversed() where pair.key == key { return pair.value }
        return nil
    }

    func fail(_ key: String, _ problem: String) -> SPOError {
        SPOError("\(JSONText.inert(context, limit: 40)): field \"\(prefix)\(key)\": \(problem)")
    }

    private func required(_ key: String) throws(SPOError) -> JSONValue {
        guard let v = value(key) else { throw SPOError("\(JSONText.inert(context, limit: 40)): missing field \"\(prefix)\(key)\"") }
        return v
    }

    /// Nil when the field is absent or null.
    private func present(_ key: String) -> JSONValue? {
        guard let v = value(key), !v.isNull else { return nil }
        return v
    }

    private func expect<T>(_ key: String, _ v: JSONValue, _ what: String, _ get: (JSONValue) -> T?) throws(SPOError) -> T {
        guard let x = get(v) else { throw fail(key, "expected \(what), found \(v.typeName)") }
        return x
    }

    func string(_ key: String) throws(SPOError) -> String {
        try expect(key, try required(key), "text", \.stringValue)
    }

    func optionalString(_ key: String) throws(SPOError) -> String? {
        guard let v = present(key) else { return nil }
        return try expect(key, v, "text or null", \.stringValue)
    }

    func int(_ key: String) throws(SPOError) -> Int {
        try expect(key, try required(key), "a whole number", \.intValue)
    }

    func optionalInt(_ key: String) throws(SPOError) -> Int? {
        guard let v = present(key) else { return nil }
        return try expect(key, v, "a whole number", \.intValue)
    }

    func double(_ key: String) throws(SPOError) -> Double {
        try expect(key, try required(key), "a number", \.doubleValue)
    }

    func optionalDouble(_ key: String) throws(SPOError) -> Double? {
        guard let v = present(key) else { return nil }
        return try expect(key, v, "a number", \.doubleValue)
    }

    func bool(_ key: String) throws(SPOError) -> Bool {
        try expect(key, try required(key), "true or false", \.boolValue)
    }

    func optionalBool(_ key: String) throws(SPOError) -> Bool? {
        guard let v = present(key) else { return nil }
        return try expect(key, v, "true or false", \.boolValue)
    }

    /// Any JSON value; `fallback` when absent.
    func json(_ key: String, default fallback: JSONValue) -> JSONValue {
        value(key) ?? fallback
    }

    func list(_ key: String) throws(SPOError) -> [JSONValue] {
        try expect(key, try required(key), "a list", \.arrayValue)
    }

    func intList(_ key: String) throws(SPOError) -> [Int] {
        var out: [Int] = []
        for (n, item) in try list(key).enumerated() {
            guard let i = item.intValue else { throw fail("\(key)[\(n)]", "expected a whole number, found \(item.typeName)") }
            out.append(i)
        }
        return out
    }

    func stringList(_ key: String) throws(SPOError) -> [String] {
        var out: [String] = []
        for (n, item) in try list(key).enumerated() {
            guard let s = item.stringValue else { throw fail("\(key)[\(n)]", "expected text, found \(item.typeName)") }
            out.append(s)
        }
        return out
    }

    /// A nested object field, read with the same error context.
    func object(_ key: String) throws(SPOError) -> EventFieldReader {
        let pairs = try expect(key, try required(key), "an object", \.objectValue)
        return EventFieldReader(pairs, context: context, prefix: "\(prefix)\(key).")
    }

    /// Each element of a list of objects.
    func objects(_ key: String) throws(SPOError) -> [EventFieldReader] {
        var out: [EventFieldReader] = []
        for (n, item) in try list(key).enumerated() {
            guard let pairs = item.objectValue else { throw fail("\(key)[\(n)]", "expected an object, found \(item.typeName)") }
            out.append(EventFieldReader(pairs, context: context, prefix: "\(prefix)\(key)[\(n)]."))
        }
        return out
    }
}
