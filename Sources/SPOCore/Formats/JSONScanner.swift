/// What both JSON parsers read the same way: strings (escapes, surrogate
/// pairs, raw control characters) and numbers (RFC 8259's grammar, no leading
/// zeros, nothing past what a Double holds). `JSONParser` (files a person
/// edits, with lines) and `JSONBytesParser` (session lines) word the problems
/// in their own terms.
///
/// Each function starts at `i` and leaves it after what it read; when it
/// throws, `i` is where the problem is (the column a message names).
enum JSONScanner {
    enum Problem: Error, Equatable {
        case endInString, endInEscape, endInHex
        /// A raw control character inside a string (0x0A: a line break).
        case control(UInt8)
        case badEscape(UInt8)
        case badHex
        case noDigits, leadingZero, noFractionDigits, noExponentDigits
        case badNumber, outOfRange
    }

    /// A number's text: `bytes[start..<end]`.
    struct Number {
        var start: Int
        var end: Int
        /// No fraction and no exponent.
        var integral: Bool
    }

    /// Reads the string whose opening quote is at `i`.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Problem) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, so the text is the bytes themselves.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw .control(b) }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < bytes.count else { throw .endInString }
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { throw .endInEscape }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4(bytes, &i)
                    if (0xD800...0xDBFF).contains(code) {
                        // A high surrogate is only whole with a low one after it;
                        // any other escape after it is read on its own.
                        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                            let save = i
                            i += 2
                            let low = try hex4(bytes, &i)
                            if (0xDC00...0xDFFF).contains(low) {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                code = 0xFFFD
                                i = save
                            }
                        } else {
                            code = 0xFFFD
                        }
                    }
                    out.append(contentsOf: UTF8.encode(Unicode.Scalar(code) ?? "\u{FFFD}")!)
                default: throw .badEscape(e)
                }
            case 0x00..<0x20:
                throw .control(b)
            default:
                out.append(b)
                i += 1
            }
        }
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Problem) -> UInt32 {
        guard i + 4 <= bytes.count else { throw .endInHex }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw .badHex
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
        let s = i
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
        return i - s
    }

    /// Reads the number starting at `i` (a `-` or a digit).
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Problem) -> Number {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits(bytes, &i) > 0 else { throw .noDigits }
        if i - intStart > 1, bytes[intStart] == UInt8(ascii: "0") { throw .leadingZero }
        var integral = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            integral = false
            guard digits(bytes, &i) > 0 else { throw .noFractionDigits }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            integral = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(bytes, &i) > 0 else { throw .noExponentDigits }
        }
        return Number(start: start, end: i, integral: integral)
    }

    /// A number's value as an Int, when it is integral and fits one.
    static func int(_ bytes: UnsafeBufferPointer<UInt8>, _ n: Number) -> Int? {
        guard n.integral else { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[n.start..<n.end])
        if text.count <= 18 {
            // Up to 18 digits always fit an Int.
            var v = 0
            for b in text where b != UInt8(ascii: "-") { v = v * 10 + Int(b - UInt8(ascii: "0")) }
            return text[0] == UInt8(ascii: "-") ? -v : v
        }
        return Int(String(decoding: text, as: UTF8.self))
    }

    /// A number's value as a Double; JSON has no infinity, so a number past
    /// what a Double holds is refused.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ n: Number) throws(Problem) -> Double {
        guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.end]), as: UTF8.self)) else { throw .badNumber }
        guard d.isFinite else { throw .outOfRange }
        return d
    }
}
