import Foundation

/// Where each sentence of a prompt came from ("blame"): walking its chain of
/// parents from the first prompt, every word is traced to the candidate that
/// first wrote it (a word diff between each parent and child: kept words keep
/// their origin, added words take the child's), and each sentence of the
/// final text is put down to the candidate that wrote most of its words, with
/// the later candidates that changed some of them.
///
/// ```swift
/// let p = PromptProvenance(chain: [
///     .init(id: "S1", text: "You are a helpful assistant.", iteration: 0),
///     .init(id: "S2", text: "You are a careful assistant. Check each step.", iteration: 1, analysis: "A3", delta: 0.125),
/// ])
/// p.sentences.map(\.introducedBy)   // ["S1", "S2"]
/// p.sentences[0].editedBy           // ["S2"] ("careful" replaced "helpful")
/// ```
public struct PromptProvenance: Sendable, Hashable {
    /// One prompt of the chain, the oldest first.
    public struct Step: Sendable, Hashable {
        public var id: String
        public var text: String
        public var iteration: Int
        /// The failure analysis the rewrite followed.
        public var analysis: String?
        /// Its score change against its parent on the selection split, when known.
        public var delta: Double?

        public init(id: String, text: String, iteration: Int, analysis: String? = nil, delta: Double? = nil) {
            self.id = id
            self.text = text
            self.iteration = iteration
            self.analysis = analysis
            self.delta = delta
        }
    }

    public struct Sentence: Sendable, Hashable {
        /// The sentence as it stands in the prompt, with the whitespace after it.
        public var text: String
        /// The step that wrote most of its words (of a tie, the older).
        public var introducedBy: String
        /// Later steps that changed some of its words, in chain order.
        public var editedBy: [String]
    }

    public var steps: [Step]
    public var sentences: [Sentence]

    public init(chain: [Step]) {
        steps = chain
        guard let first = chain.first else {
            sentences = []
            return
        }
        // The origin (index into `chain`) of each word of the current text.
        var origins = WordDiff.words(first.text).map { _ in 0 }
        for k in chain.indices.dropFirst() {
            let diff = WordDiff(old: chain[k - 1].text, new: chain[k].text)
            var next: [Int] = []
            var old = 0
            for piece in diff.pieces {
                switch piece.op {
                case .same:
                    next.append(old < origins.count ? origins[old] : k)
                    old += 1
                case .removed: old += 1
                case .added: next.append(k)
                }
            }
            origins = next
        }
        let words = WordDiff.words(chain[chain.count - 1].text)
        var out: [Sentence] = []
        var text = "", members: [Int] = []
        func close() {
            guard !text.isEmpty else { return }
            let counted = members.isEmpty ? [chain.count - 1] : members
            var tally: [Int: Int] = [:]
            for o in counted { tally[o, default: 0] += 1 }
            let top = tally.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
            let later = Set(counted.filter { $0 > top }).sorted()
            out.append(Sentence(text: text, introducedBy: chain[top].id, editedBy: later.map { chain[$0].id }))
            text = ""
            members = []
        }
        for (i, w) in words.enumerated() {
            text += w.word + w.space
            if !w.word.isEmpty, i < origins.count { members.append(origins[i]) }
            if Self.endsSentence(w.word) || w.space.contains("\n") { close() }
        }
        close()
        sentences = out
    }

    /// A word that ends a sentence or clause: final punctuation, allowing a closing quote or bracket.
    static func endsSentence(_ word: String) -> Bool {
        var w = Substring(word)
        while let l = w.last, "\"')]»”’".contains(l) { w = w.dropLast() }
        return w.last.map { ".!?:;".contains($0) } ?? false
    }

    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }

    /// The step's label: `S3 · iteration 2 · A7 · +12.5`, or compact for
    /// narrow screens: `S3 i2 A7 +12.5`.
    public func label(_ id: String, compact: Bool = false) -> String {
        guard let s = step(id) else { return id }
        var parts = [s.id]
        let initial = s.iteration == 0 && s.id == steps.first?.id
        parts.append(initial ? (compact ? PhaseName.initial.rawValue : CandidateOrigin.initial.rawValue) : compact ? "i\(s.iteration)" : "iteration \(s.iteration)")
        if let a = s.analysis { parts.append(a) }
        if let d = s.delta { parts.append((d >= 0 ? "+" : "") + ScoreSummary.fixed(d * 100, 1)) }
        return parts.joined(separator: compact ? " " : " · ")
    }

    /// The prompt as text, each sentence after the label of the step that
    /// introduced it (and `edited in` the later ones), for `export --blame`.
    public var annotatedText: String {
        let labels = sentences.map { label($0.introducedBy) }
        let width = labels.map(\.count).max() ?? 0
        var out = ""
        for (s, l) in zip(sentences, labels) {
            let body = s.text.trimmingCharacters(in: .whitespacesAndNewlines)
            out += l.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + body
            if !s.editedBy.isEmpty { out += "  (edited in \(s.editedBy.joined(separator: ", ")))" }
            out += "\n"
        }
        return out
    }
}
