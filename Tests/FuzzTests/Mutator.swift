import SPOCore

/// Makes fuzz inputs from a seed: mostly real, valid files changed by a few
/// stacked mutations (bit flips, format tokens, cut, doubled or swapped lines,
/// splices of two files, deep nesting, odd numbers and Unicode), sometimes a
/// soup of format tokens or plain random bytes.
struct Mutator {
    /// Valid inputs to start from.
    let corpus: [[UInt8]]
    /// Tokens of the format (`{`, `"seq":`, `- `, `<answer>`…).
    let tokens: [[UInt8]]
    var rng: SeededRandom

    init(corpus: [[UInt8]], tokens: [String], seed: UInt64, stream: String) {
        precondition(!corpus.isEmpty)
        self.corpus = corpus
        self.tokens = (tokens + Self.commonTokens).map { Array($0.utf8) }
        rng = SeededRandom(seed: seed, stream: stream)
    }

    /// Tokens that trouble any text parser.
    static let commonTokens: [String] = [
        "\n", "\r\n", "\r", "\t", " ", "\0", "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{9B}", "\u{2028}", "\u{FEFF}", "\u{FFFD}",
        "é", "e\u{301}", "👩‍👩‍👧", "🇫🇷", "\u{202E}", "ß", "İ", "Ⅻ", "٣", "½", "\u{10FFFF}",
        "0", "-0", "1e309", "-1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "0.1", "1.", ".5", "1e", "NaN", "Infinity", "-", "+", "0x1F",
        "\"", "'", "\\", "\\u", "\\ud800", "\\u0000", ":", ",", "#", "|", "{", "}", "[", "]", "<", ">", "/",
    ]

    /// The next input.
    mutating func next() -> [UInt8] {
        let roll = rng.below(100)
        if roll < 4 { return randomBytes() }
        if roll < 12 { return tokenSoup() }
        var bytes = rng.pick(corpus)
        for _ in 0..<(1 + rng.below(rng.chance(0.2) ? 16 : 5)) { mutate(&bytes) }
        if bytes.count > FuzzSettings.maxLength { bytes.removeLast(bytes.count - FuzzSettings.maxLength) }
        return bytes
    }

    private mutating func randomBytes() -> [UInt8] {
        (0..<rng.below(512)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    private mutating func tokenSoup() -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<rng.below(200) { out += rng.pick(tokens) }
        return out
    }

    /// One mutation in place.
    mutating func mutate(_ b: inout [UInt8]) {
        let at = b.isEmpty ? 0 : rng.below(b.count + 1)
        switch rng.below(18) {
        case 0 where !b.isEmpty:  // flip a bit
            let i = rng.below(b.count)
            b[i] ^= 1 << UInt8(rng.below(8))
        case 1 where !b.isEmpty:  // an interesting byte
            b[rng.below(b.count)] = rng.pick(Self.interestingBytes)
        case 2, 3, 4:  // a format token
            b.insert(contentsOf: rng.pick(tokens), at: at)
        case 5 where !b.isEmpty:  // replace a stretch with a token
            let end = min(b.count, at + 1 + rng.below(16))
            if at < end { b.replaceSubrange(at..<end, with: rng.pick(tokens)) }
        case 6 where !b.isEmpty:  // delete a stretch
            let end = min(b.count, at + 1 + rng.below(64))
            if at < end { b.removeSubrange(at..<end) }
        case 7 where !b.isEmpty:  // double a stretch
            let start = rng.below(b.count)
            let end = min(b.count, start + 1 + rng.below(256))
            b.insert(contentsOf: b[start..<end], at: at)
        case 8 where !b.isEmpty:  // cut the end off (a crash mid-write)
            b.removeSubrange(rng.below(b.count)...)
        case 9:  // splice: the start of this one and the end of another
            let other = rng.pick(corpus)
            let keep = b.isEmpty ? 0 : rng.below(b.count)
            let from = other.isEmpty ? 0 : rng.below(other.count)
            b = Array(b[..<keep]) + other[from...]
        case 10:  // deep nesting
            let open = rng.pick(["[", "{\"a\":", "- ", "  ", "[[", "{\"node\":", "<answer>", "a: {"])
            let n = rng.pick([64, 255, 256, 257, 511, 512, 513, 1_000, 5_000])
            b.insert(contentsOf: Array(String(repeating: open, count: n).utf8), at: at)
        case 11:  // a long run of one byte (long lines, long numbers, long keys)
            let byte = rng.pick([UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: " "), UInt8(ascii: "\\"), UInt8(ascii: "\""), 0x0A, 0x80])
            b.insert(contentsOf: [UInt8](repeating: byte, count: 1 + rng.below(8_192)), at: at)
        case 12, 13:  // line operations
            mutateLines(&b)
        case 14:  // invalid UTF-8
            b.insert(contentsOf: rng.pick(Self.badUTF8), at: at)
        case 15 where !b.isEmpty:  // change a digit
            for _ in 0..<8 {
                let i = rng.below(b.count)
                guard b[i] >= 0x30 && b[i] <= 0x39 else { continue }
                b.replaceSubrange(i...i, with: Array(rng.pick(["-1", "0", "99999999999999999999", "1e400", "1.5", "-0", "2", "NaN"]).utf8))
                break
            }
        default:  // a random byte
            b.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
        }
    }

    /// Drops, doubles, swaps or cuts whole lines (the unit of JSONL, CSV and sessions).
    private mutating func mutateLines(_ b: inout [UInt8]) {
        var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return }
        let i = rng.below(lines.count)
        switch rng.below(5) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: rng.below(lines.count + 1))
        case 2: lines.swapAt(i, rng.below(lines.count))
        case 3: lines[i] = Array(lines[i].prefix(rng.below(lines[i].count + 1)))
        default: lines.insert([], at: i)
        }
        b = Array(lines.joined(separator: [0x0A]))
    }

    static let interestingBytes: [UInt8] = [
        0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x20, 0x22, 0x27, 0x2C, 0x2D, 0x2E, 0x30, 0x39, 0x3A, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D,
        0x7B, 0x7D, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
    ]

    static let badUTF8: [[UInt8]] = [
        [0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xC2], [0xE2, 0x82],
        [0xEF, 0xBB, 0xBF],
    ]
}
