import Foundation

/// A strict JSON parser (RFC 8259) that reports the line and column of the first
/// problem. Foundation's parser gives neither reliably on Linux, and a user with
/// a 10,000-line dataset needs to know where it broke.
public struct JSONParser {
    public struct Failure: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var problem: String
    }

    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private static let maxDepth = 512

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses JSON Lines: each non-blank line one document, numbered from 1 as in
    /// the file. A bad line is an error naming `file` and the line.
    public static func lines(_ text: String, file: String) throws(SPOError) -> [JSONNode] {
        var out: [JSONNode] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            do {
                out.append(JSONNode(try parse(line).value, line: lineNo))
            } catch {
                throw SPOError(file: file, line: lineNo, "invalid JSON at column \(error.column): \(error.problem)")
            }
        }
        return out
    }

    /// Parses one JSON document (surrounding white space allowed).
    public static func parse(_ text: String) throws(Failure) -> JSONNode {
        var p = JSONParser(Array(text.utf8))
        p.skipSpace()
        let node = try p.value()
        p.skipSpace()
        if p.i < p.bytes.count { throw p.fail("unexpected text after the JSON value") }
        return node
    }

    private func fail(_ problem: String) -> Failure {
        Failure(line: line, column: i - lineStart + 1, problem: problem)
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A:
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    private mutating func value() throws(Failure) -> JSONNode {
        guard i < bytes.count else { throw fail("unexpected end of file (the JSON is cut off)") }
        let startLine = line
        switch bytes[i] {
        case UInt8(ascii: "{"): return JSONNode(try object(), line: startLine)
        case UInt8(ascii: "["): return JSONNode(try array(), line: startLine)
        case UInt8(ascii: "\""): return JSONNode(.string(try string()), line: startLine)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(.bool(true), line: startLine)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(.bool(false), line: startLine)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(.null, line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONNode(try number(), line: startLine)
        default: throw fail("unexpected character \(describe(bytes[i]))")
        }
    }

    private func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(UnicodeScalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for b in word.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw fail("invalid literal (expected \(word))") }
            i += 1
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(Failure) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        i += 1
        var pairs: [(key: String, value: JSONNode)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(pairs)
        }
        while true {
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of file inside an object") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key, found \(describe(bytes[i]))") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
            i += 1
            skipSpace()
            pairs.append((key, try value()))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of file inside an object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(pairs)
            }
            throw fail("expected ',' or '}' in an object, found \(describe(bytes[i]))")
        }
    }

    private mutating func array() throws(Failure) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONNode] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of file inside a list") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            }
            throw fail("expected ',' or ']' in a list, found \(describe(bytes[i]))")
        }
    }

    /// Runs a `JSONScanner` step over the bytes, keeping the position it reached.
    private mutating func scan<T>(_ step: (UnsafeBufferPointer<UInt8>, inout Int) throws(JSONScanner.Problem) -> T) throws(Failure) -> T {
        var j = i
        let result: Result<T, JSONScanner.Problem> = bytes.withUnsafeBufferPointer { buf in
            do throws(JSONScanner.Problem) {
                return .success(try step(buf, &j))
            } catch {
                return .failure(error)
            }
        }
        i = j
        switch result {
        case .success(let value): return value
        case .failure(let problem): throw fail(words(problem))
        }
    }

    private mutating func string() throws(Failure) -> String {
        try scan { (buf, j) throws(JSONScanner.Problem) in try JSONScanner.string(buf, &j) }
    }

    private mutating func number() throws(Failure) -> JSONNode.Value {
        let start = i
        _ = try scan { (buf, j) throws(JSONScanner.Problem) in try JSONScanner.number(buf, &j) }
        let raw = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let d = Double(raw) else { throw fail("invalid number \(raw)") }
        guard d.isFinite else { throw fail("number out of range: \(raw.prefix(40))") }
        return .number(d, raw)
    }

    /// A scanner problem in words for a person editing the file.
    private func words(_ p: JSONScanner.Problem) -> String {
        switch p {
        case .endInString: "unexpected end of file inside a string"
        case .endInEscape: "unexpected end of file in an escape"
        case .endInHex: "unexpected end of file in a \\u escape"
        case .control(0x0A): "line break inside a string (missing closing quote?)"
        case .control: "control character inside a string"
        case .badEscape(let e): "invalid escape \\\(Character(UnicodeScalar(e)))"
        case .badHex: "invalid \\u escape"
        case .noDigits: "invalid number"
        case .leadingZero: "invalid number: no leading zeros (write 7, not 07)"
        case .noFractionDigits: "invalid number: digits expected after '.'"
        case .noExponentDigits: "invalid number: digits expected in exponent"
        case .badNumber: "invalid number"
        case .outOfRange: "number out of range"
        }
    }
}
