/// A strict JSON parser from UTF-8 bytes straight to `JSONValue`, for the
/// session reader's hot path. The line-tracking `JSONParser` serves files a
/// person edits; a session line is one line, so a column is all a message needs,
/// and skipping the intermediate tree and per-line copies makes reading a long
/// session several times faster.
struct JSONBytesParser {
    struct Failure: Error {
        /// 1-based byte column.
        var column: Int
        var problem: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private static let maxDepth = 256

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses one JSON document; white space around it is allowed.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var p = JSONBytesParser(bytes)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        if p.i < p.bytes.count { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    static func parse(_ text: String) throws(Failure) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, Failure> = copy.withUTF8 { buf in
            do throws(Failure) {
                return .success(try parse(buf))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func fail(_ problem: String) -> Failure { Failure(column: i + 1, problem: problem) }

    private func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(UnicodeScalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        guard i < bytes.count else { throw fail("the line ends before the value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected \(describe(bytes[i]))")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("the line ends inside \(word)") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("unknown word (expected \(word))") }
        i += n
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw fail("nested deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var pairs: [(key: String, value: JSONValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(pairs)
        }
        while true {
            skipSpace()
            guard i < bytes.count else { throw fail("the line ends inside an object") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key, found \(describe(bytes[i]))") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            i += 1
            skipSpace()
            pairs.append((key, try value()))
            skipSpace()
            guard i < bytes.count else { throw fail("the line ends inside an object") }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"):
                i += 1
                return .object(pairs)
            default: throw fail("expected ',' or '}' in an object, found \(describe(bytes[i]))")
            }
        }
    }

    private mutating func array() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw fail("the line ends inside a list") }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"):
                i += 1
                return .array(items)
            default: throw fail("expected ',' or ']' in a list, found \(describe(bytes[i]))")
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        do throws(JSONScanner.Problem) {
            return try JSONScanner.string(bytes, &i)
        } catch {
            throw fail(words(error))
        }
    }

    private mutating func number() throws(Failure) -> JSONValue {
        do throws(JSONScanner.Problem) {
            let n = try JSONScanner.number(bytes, &i)
            if let v = JSONScanner.int(bytes, n) { return .int(v) }
            return .double(try JSONScanner.double(bytes, n))
        } catch {
            throw fail(words(error))
        }
    }

    /// A scanner problem in this parser's words (a session line is one line).
    private func words(_ p: JSONScanner.Problem) -> String {
        switch p {
        case .endInString: "the line ends inside a string"
        case .endInEscape: "the line ends inside an escape"
        case .endInHex: "the line ends inside a \\u escape"
        case .control: "control character inside a string"
        case .badEscape(let e): "unknown escape \\\(describe(e))"
        case .badHex: "bad \\u escape"
        case .noDigits: "a number needs digits"
        case .leadingZero: "a number cannot start with 0"
        case .noFractionDigits: "digits expected after '.'"
        case .noExponentDigits: "digits expected in the exponent"
        case .badNumber: "bad number"
        case .outOfRange: "number out of range"
        }
    }

}
