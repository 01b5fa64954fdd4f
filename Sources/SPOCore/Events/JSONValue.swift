import Foundation

/// A free-form JSON value (a run's config, a summary, an event type we do not
/// know). Objects keep their key order so a value written, read and written
/// again comes out byte for byte the same; equality ignores key order, because
/// two configs with the same settings are the same config.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits an `Int`.
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// An object with its keys sorted, for values built from a dictionary
    /// (whose iteration order changes from run to run).
    public init(sortedKeys dictionary: [String: JSONValue]) {
        self = .object(dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    /// The value of a key of an object (the last one if it is repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded() == d, abs(d) < 9.0e15 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [(key: String, value: JSONValue)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "an object"
        }
    }

    // MARK: equality and hashing

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int, .double), (.double, .int), (.double, .double):
            return a.doubleValue == b.doubleValue
        case (.object(let x), .object(let y)):
            // Fast path: same keys in the same order.
            if x.count == y.count, zip(x, y).allSatisfy({ $0.key == $1.key && $0.value == $1.value }) { return true }
            return Self.lastWins(x) == Self.lastWins(y)
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .int, .double: h.combine(doubleValue)
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let pairs):
            // Order-independent, to agree with ==.
            let dict = Self.lastWins(pairs)
            var sum = 0
            for (k, v) in dict {
                var one = Hasher()
                one.combine(k)
                one.combine(v)
                sum = sum &+ one.finalize()
            }
            h.combine(dict.count)
            h.combine(sum)
        }
    }

    private static func lastWins(_ pairs: [(key: String, value: JSONValue)]) -> [String: JSONValue] {
        var d: [String: JSONValue] = [:]
        for (k, v) in pairs { d[k] = v }
        return d
    }
}

// MARK: parsing and printing

extension JSONValue {
    /// Converts a node of the line-tracking parser.
    public init(_ node: JSONNode) {
        switch node.value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let d, let raw):
            // Keep the integer/fraction distinction of the text, so 0.0 stays 0.0.
            if !raw.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
                let i = Int(raw)
            {
                self = .int(i)
            } else {
                self = .double(d)
            }
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let pairs): self = .object(pairs.map { (key: $0.key, value: JSONValue($0.value)) })
        }
    }

    /// Parses one JSON document; errors name the byte column.
    public static func parse(_ text: String) throws(SPOError) -> JSONValue {
        do {
            return try JSONBytesParser.parse(text)
        } catch {
            throw SPOError("invalid JSON at column \(error.column): \(JSONText.inert(error.problem))")
        }
    }

    /// Compact JSON text on one line (no spaces, key order kept).
    public var compactText: String {
        var out: [UInt8] = []
        JSONText.append(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Any `Encodable` value (for example a `RunConfig`) as a JSON value, keys sorted.
    public static func encoding(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        do {
            return try parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw SPOError("cannot convert an encoded value to JSON: \(error.message)")
        }
    }
}

// MARK: literals

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Keeps the order the keys are written in.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}

// MARK: Codable

extension JSONValue: Codable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            // Keyed containers do not promise an order; sort for a stable result.
            var pairs: [(key: String, value: JSONValue)] = []
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                pairs.append((key.stringValue, try keyed.decode(JSONValue.self, forKey: key)))
            }
            self = .object(pairs)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? single.decode(Int.self) {
            self = .int(i)
        } else if let d = try? single.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let pairs):
            var keyed = encoder.container(keyedBy: AnyKey.self)
            for (k, v) in pairs { try keyed.encode(v, forKey: AnyKey(stringValue: k)) }
        case .array(let items):
            var list = encoder.unkeyedContainer()
            for v in items { try list.encode(v) }
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let b):
            var single = encoder.singleValueContainer()
            try single.encode(b)
        case .int(let i):
            var single = encoder.singleValueContainer()
            try single.encode(i)
        case .double(let d):
            var single = encoder.singleValueContainer()
            try single.encode(d)
        case .string(let s):
            var single = encoder.singleValueContainer()
            try single.encode(s)
        }
    }
}
