/// A session as read from its file.
public struct LoadedSession: Sendable, Hashable {
    /// A last line that was cut off (the writer died mid-write). Resume cuts
    /// the file at `offset` before appending.
    public struct TruncatedTail: Sendable, Hashable {
        /// Byte offset where the incomplete line starts.
        public var offset: Int
        /// Its 1-based line number.
        public var line: Int
        /// Its length in bytes.
        public var length: Int
    }

    /// A malformed line passed over in lenient mode.
    public struct SkippedLine: Sendable, Hashable {
        public var line: Int
        public var offset: Int
        public var problem: String
    }

    public var path: String
    public var header: SessionHeader
    /// In file order. Empty when the events were streamed to a callback instead.
    public var events: [EventRecord]
    public var truncatedTail: TruncatedTail?
    public var skipped: [SkippedLine]
    /// The last line is a whole event but has no newline after it (a file made
    /// by hand); the writer adds the newline before appending.
    public var missingFinalNewline: Bool
    /// Number of events read (also when streamed).
    public var eventCount: Int
    /// `seq` and `t` of the last event read; 0 for none.
    public var lastSeq: Int
    public var lastT: Double

    /// What a lenient read left out, in one wording for every command: a
    /// skipped line's problem, a cut last line, and past `limit` skipped lines
    /// a count (line nil). Callers put the path in front:
    /// `run.jsonl:30: skipped: invalid JSON at column 8`.
    public func damage(limit: Int = .max) -> [(line: Int?, text: String)] {
        var out: [(line: Int?, text: String)] = []
        if let tail = truncatedTail {
            out.append((tail.line, "the last line was cut off (the writer stopped mid-line); what is complete is used"))
        }
        for s in skipped.prefix(limit) { out.append((s.line, "skipped: \(s.problem)")) }
        if skipped.count > limit { out.append((nil, "\(skipped.count - limit) more damaged line\(skipped.count - limit == 1 ? "" : "s") skipped")) }
        return out
    }

    /// `damage` with the path in front, one line each.
    public func damageLines(limit: Int = .max) -> [String] {
        damage(limit: limit).map { d in d.line.map { "\(path):\($0): \(d.text)" } ?? "\(path): \(d.text)" }
    }

    /// Places where `seq` does not go up by exactly one: gaps, repeats, going back.
    /// A session written by `SessionWriter` has none, resumes included.
    public func sequenceProblems() -> [String] {
        var problems: [String] = []
        var previous: Int?
        for e in events {
            if let p = previous, e.seq != p + 1 {
                problems.append(e.seq <= p ? "seq \(e.seq) after \(p) (repeated or going back)" : "seq jumps from \(p) to \(e.seq)")
            }
            previous = e.seq
        }
        return problems
    }
}
