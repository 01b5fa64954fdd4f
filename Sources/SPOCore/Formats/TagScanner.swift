import Foundation

/// Finds `<tag>…</tag>` pairs in a model reply in one pass.
///
/// It reads what the regular expression `<\s*tag\s*>(.*?)<\s*/\s*tag\s*>`
/// (case-insensitive, `.` matching line breaks) reads: pairs left to right,
/// each from an opening tag to the first closing tag after it. The regular
/// expression tries every opening tag against the rest of the reply, so a reply
/// of many opening tags and no closing one took quadratic time (40 KB of
/// `<answer>` ran for minutes); this takes linear time on any input.
struct TagScanner {
    let scalars: [Unicode.Scalar]
    /// The content of each pair, in scalar offsets.
    private(set) var pairs: [Range<Int>] = []
    /// The content after the last opening tag that follows the last pair (an
    /// answer cut off by the token limit), when there is such a tag.
    private(set) var unclosed: Range<Int>?

    init(_ text: String, tag: String) {
        scalars = Array(text.unicodeScalars)
        let name = Array(tag.lowercased().unicodeScalars)
        let n = scalars.count
        // The first non-space at or after each offset, so no run of spaces is read twice.
        var nextSolid = [Int](repeating: n, count: n + 1)
        if n > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                nextSolid[i] = Self.isSpace(scalars[i]) ? nextSolid[i + 1] : i
            }
        }
        // Every opening and closing tag, as (start, end) offsets.
        var opens: [(start: Int, end: Int)] = []
        var closes: [(start: Int, end: Int)] = []
        for i in 0..<n where scalars[i] == "<" {
            var j = nextSolid[i + 1]
            let closing = j < n && scalars[j] == "/"
            if closing { j = nextSolid[j + 1] }
            guard let afterName = Self.match(name, in: scalars, at: j) else { continue }
            let k = nextSolid[afterName]
            guard k < n, scalars[k] == ">" else { continue }
            if closing { closes.append((i, k + 1)) } else { opens.append((i, k + 1)) }
        }
        // Pair them as the regular expression does: the next opening tag, then the
        // first closing tag after it; none after it means no more pairs.
        var o = 0, c = 0, position = 0
        while true {
            while o < opens.count, opens[o].start < position { o += 1 }
            guard o < opens.count else { break }
            while c < closes.count, closes[c].start < opens[o].end { c += 1 }
            guard c < closes.count else { break }
            pairs.append(opens[o].end..<closes[c].start)
            position = closes[c].end
        }
        if let last = opens.last, last.start >= position { unclosed = last.end..<n }
    }

    /// `\s` of the regular expression: Unicode's White_Space (NEL and the
    /// vertical tab included).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? c == " " || (c.value >= 0x09 && c.value <= 0x0D) : c.properties.isWhitespace
    }

    /// The offset after `name` when it is spelled at `at` (case-insensitive, by
    /// case folding as the regular expression compares: "ANSWER", or "\u{212A}"
    /// for "k").
    private static func match(_ name: [Unicode.Scalar], in s: [Unicode.Scalar], at: Int) -> Int? {
        guard at + name.count <= s.count else { return nil }
        for (k, expected) in name.enumerated() {
            let actual = s[at + k]
            if actual == expected { continue }
            if actual.isASCII {
                guard actual.properties.lowercaseMapping == String(expected) else { return nil }
            } else {
                guard String(actual).folding(options: .caseInsensitive, locale: nil) == String(expected) else { return nil }
            }
        }
        return at + name.count
    }

    /// The text of a range of offsets.
    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }
}
