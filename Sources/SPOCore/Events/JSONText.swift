/// Writes compact JSON into a byte buffer. Hand-written rather than
/// `JSONEncoder` so key order is exactly the order given, numbers keep their
/// integer/fraction form, and a session line costs one buffer append per piece.
enum JSONText {
    static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): appendInt(i, to: &out)
        case .double(let d): appendDouble(d, to: &out)
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            appendObject(pairs, to: &out)
        }
    }

    static func appendObject(_ pairs: [(key: String, value: JSONValue)], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (n, pair) in pairs.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            appendString(pair.key, to: &out)
            out.append(UInt8(ascii: ":"))
            append(pair.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendInt(_ i: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(i).utf8)
    }

    /// Shortest text that reads back as the same double ("0.0", "0.54", "1e-05").
    /// JSON has no NaN or infinity; they are written as null.
    static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        out.append(contentsOf: d.description.utf8)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Escapes quotes, backslashes and every control character — C0, DEL and the
    /// C1 range (U+0080–U+009F) — so a prompt or model reply holding terminal
    /// escape sequences stays inert when a session file is printed.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var utf8 = s.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? utf8.next() {
            pending = nil
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20, 0x7F: unicodeEscape(UInt16(b), to: &out)
            case 0xC2:
                // U+0080–U+009F is C2 80 … C2 9F in UTF-8.
                if let next = utf8.next() {
                    if (0x80...0x9F).contains(next) {
                        unicodeEscape(UInt16(next), to: &out)
                    } else {
                        out.append(b)
                        pending = next
                    }
                } else {
                    out.append(b)
                }
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ code: UInt16, to out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        out.append(hex[Int(code >> 12) & 0xF])
        out.append(hex[Int(code >> 8) & 0xF])
        out.append(hex[Int(code >> 4) & 0xF])
        out.append(hex[Int(code) & 0xF])
    }

    /// Text from a file made safe for an error message: one line, control
    /// characters escaped, at most `limit` characters. Messages end up on
    /// terminals, and a hostile file must not drive them.
    static func inert(_ text: String, limit: Int = 120) -> String {
        var out: [UInt8] = []
        appendString(text, to: &out)
        var s = String(decoding: out.dropFirst().dropLast(), as: UTF8.self)
        if s.count > limit { s = String(s.prefix(limit)) + "…" }
        return s
    }
}
