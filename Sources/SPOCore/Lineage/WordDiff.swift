/// A word-level diff of two prompts: the longest common subsequence of their
/// words, so the side-by-side view can colour what was removed from the old
/// text and added in the new one. Whitespace is kept with the word before it
/// and does not take part in matching (re-wrapping is not a change).
public struct WordDiff: Sendable, Hashable {
    public enum Op: Sendable, Hashable {
        case same
        case removed
        case added
    }

    /// A word and the whitespace after it in its own text (a common word
    /// keeps the spacing of each side).
    public struct Piece: Sendable, Hashable {
        public var op: Op
        public var word: String
        public var space: String
        /// For a common word, the whitespace after it in the old text.
        public var oldSpace: String

        init(op: Op, word: String, space: String, oldSpace: String? = nil) {
            self.op = op
            self.word = word
            self.space = space
            self.oldSpace = oldSpace ?? space
        }
    }

    public var pieces: [Piece]

    public var addedWords: Int { pieces.filter { $0.op == .added && !$0.word.isEmpty }.count }
    public var removedWords: Int { pieces.filter { $0.op == .removed && !$0.word.isEmpty }.count }

    /// Above this many cells the full LCS table is not built; the common
    /// prefix and suffix are kept and the middle is shown as replaced.
    static let tableLimit = 4_000_000

    public init(old: String, new: String) {
        let a = Self.words(old), b = Self.words(new)
        var pre = 0
        while pre < a.count, pre < b.count, a[pre].word == b[pre].word { pre += 1 }
        var suf = 0
        while suf < a.count - pre, suf < b.count - pre, a[a.count - 1 - suf].word == b[b.count - 1 - suf].word { suf += 1 }
        var out: [Piece] = (0..<pre).map { Piece(op: .same, word: b[$0].word, space: b[$0].space, oldSpace: a[$0].space) }
        let am = Array(a[pre..<(a.count - suf)]), bm = Array(b[pre..<(b.count - suf)])
        if am.count * bm.count > Self.tableLimit {
            out += am.map { Piece(op: .removed, word: $0.word, space: $0.space) }
            out += bm.map { Piece(op: .added, word: $0.word, space: $0.space) }
        } else {
            out += Self.lcs(am, bm)
        }
        out += (0..<suf).map { k in
            let (i, j) = (a.count - suf + k, b.count - suf + k)
            return Piece(op: .same, word: b[j].word, space: b[j].space, oldSpace: a[i].space)
        }
        pieces = out
    }

    /// Splits text into words with their following whitespace; leading
    /// whitespace becomes an empty word.
    public static func words(_ text: String) -> [(word: String, space: String)] {
        var out: [(word: String, space: String)] = []
        var word = ""
        var space = ""
        for c in text {
            if c.isWhitespace {
                space.append(c)
            } else {
                if !space.isEmpty {
                    out.append((word, space))
                    word = ""
                    space = ""
                }
                word.append(c)
            }
        }
        if !word.isEmpty || !space.isEmpty { out.append((word, space)) }
        return out
    }

    static func lcs(_ a: [(word: String, space: String)], _ b: [(word: String, space: String)]) -> [Piece] {
        let n = a.count, m = b.count
        if n == 0 { return b.map { Piece(op: .added, word: $0.word, space: $0.space) } }
        if m == 0 { return a.map { Piece(op: .removed, word: $0.word, space: $0.space) } }
        // table[i][j]: LCS length of a[i...] and b[j...], flattened.
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] =
                    a[i].word == b[j].word
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var out: [Piece] = []
        var i = 0, j = 0
        while i < n, j < m {
            if a[i].word == b[j].word {
                out.append(Piece(op: .same, word: b[j].word, space: b[j].space, oldSpace: a[i].space))
                i += 1
                j += 1
            } else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                out.append(Piece(op: .removed, word: a[i].word, space: a[i].space))
                i += 1
            } else {
                out.append(Piece(op: .added, word: b[j].word, space: b[j].space))
                j += 1
            }
        }
        out += a[i...].map { Piece(op: .removed, word: $0.word, space: $0.space) }
        out += b[j...].map { Piece(op: .added, word: $0.word, space: $0.space) }
        return out
    }
}
