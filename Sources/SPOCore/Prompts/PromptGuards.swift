import Foundation

/// A rule a rewritten prompt must pass before it is scored (`guards: true`).
///
/// A weak optimizer (a 1.5B model, or any model on a bad day) writes prompts
/// that no score should have to reject: a 409-word prompt that repeats one
/// sentence a dozen times, a "system prompt" thanking the reader for their
/// guidance, a user prompt that dropped its answer format and scored 0 on
/// every example. Each is caught here, costs no base call, and is retried like
/// a reply without its tag.
public enum GuardRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// Longer than the word budget (`max_prompt_words`) and than its parent.
    case length
    /// A sentence, or a long run of words, said again and again.
    case repetition
    /// A long run of words of a train question or gold answer: the prompt
    /// would learn the examples, not the task.
    case copiedData = "copied_data"
    /// A user prompt that no longer asks for the `<answer>` tags its parent asked for.
    case answerFormat = "answer_format"
    /// A system prompt that names a source task or carries its question markup.
    case taskLeak = "task_leak"
    /// A text about prompts, or addressed to the optimizer, instead of a prompt.
    case metaTalk = "meta_talk"
    /// A `{slot}` other than `{question}`, which nothing fills: the model would
    /// read "{review}" or "{answer}" literally (seen from the 1.5B optimizer).
    case strayPlaceholder = "stray_placeholder"
}

/// The checks of `GuardRule` for the rewrites of one run.
///
/// ```swift
/// let guards = PromptGuards(maxWords: [.system: 150, .user: 200], taskNames: ["navigate"], trainTexts: questions)
/// guards.check("You are careful. You are careful. You are careful.", kind: .system, parent: "You are helpful.")
/// // → .repetition: "repeats \"you are careful\" 3 times"
/// ```
public struct PromptGuards: Sendable, Hashable {
    public var maxWords: [CandidateKind: Int]
    public var taskNames: [String]
    /// Hashes of every `copyRun`-word run of the train questions and gold answers.
    private var trainRuns: Set<Int>

    /// Words in a row that count as copied from a train example.
    public static let copyRun = 10
    /// Words in a row that count as said again when they appear `repeatLimit` times.
    public static let repeatRun = 8
    public static let repeatLimit = 3

    public init(maxWords: [CandidateKind: Int], taskNames: [String], trainTexts: [String]) {
        self.maxWords = maxWords
        self.taskNames = taskNames
        var runs = Set<Int>()
        for text in trainTexts {
            let words = Self.words(text)
            guard words.count >= Self.copyRun else { continue }
            for i in 0...(words.count - Self.copyRun) { runs.insert(Self.runHash(words[i..<(i + Self.copyRun)])) }
        }
        trainRuns = runs
    }

    /// A rejection naming the first rule `text` breaks, or nil when it passes.
    public func check(_ text: String, kind: CandidateKind, parent: String) -> OptimizerReply.Rejection? {
        let words = Self.words(text)
        let what = kind == .system ? "system prompt" : "user prompt"
        // Length: over the budget with a quarter's slack (models cannot count
        // words; the meta-prompt states the budget itself), unless the parent
        // was already longer (a long initial prompt may keep its length).
        if let budget = maxWords[kind] {
            let limit = max(budget + budget / 4, Self.words(parent).count)
            if words.count > limit {
                return .init("new \(what) has \(words.count) words, over its \(budget)-word budget (max_prompt_words; \(limit) allowed)", rule: .length)
            }
        }
        if let repeated = Self.repetition(text, words: words) {
            return .init("new \(what) repeats \(repeated)", rule: .repetition)
        }
        if words.count >= Self.copyRun {
            for i in 0...(words.count - Self.copyRun) where trainRuns.contains(Self.runHash(words[i..<(i + Self.copyRun)])) {
                let run = words[i..<(i + Self.copyRun)].joined(separator: " ")
                return .init("new \(what) copies a train example (\"\(run)\")", rule: .copiedData)
            }
        }
        let lower = text.lowercased()
        // Either kind: a text about the prompts, or a reply to the optimizer
        // (a 1.5B optimizer pasted "<diagnosis> The system prompt does not…"
        // into a user prompt).
        if let cue = Self.metaCues.first(where: { lower.contains($0) }) {
            return .init("new \(what) talks about prompts instead of being one (\"\(cue)\")", rule: .metaTalk)
        }
        if let slot = Self.strayPlaceholder(text, parent: parent) {
            return .init("new \(what) has the placeholder \(slot), which nothing fills (only {question} is)", rule: .strayPlaceholder)
        }
        switch kind {
        case .user:
            if parent.lowercased().contains("<answer>"), !lower.contains("<answer>") {
                return .init("new user prompt dropped the <answer> format its parent asked for", rule: .answerFormat)
            }
        case .system:
            if lower.contains("<question>") { return .init("new system prompt carries the <Question> markup of the tasks", rule: .taskLeak) }
            // Identifier-like names only (`hotel_reviews`): a one-word name such as
            // `navigate` is an ordinary word a general prompt may well use.
            for name in taskNames where name.contains("_") && Self.containsWord(lower, name.lowercased()) {
                return .init("new system prompt names the source task \(name)", rule: .taskLeak)
            }
            // Spoken as the assistant ("I am a helpful assistant… I need…") and
            // never to it: the optimizer answered in the model's role.
            let firstPerson = words.filter { $0 == "i" || $0 == "i'm" || $0 == "my" || $0 == "me" }.count
            // Opening in the first person, its "you" is the user it asks for a task
            // ("I am a helpful assistant… Please provide me with the task you would like…").
            let opensAsAssistant = words.first == "i" || words.first == "i'm"
            // Opening with a request for input addressed to the user ("Can you provide
            // a sentence for me to check…? … I will analyze…"; seen kept on BIG-Bench Hard).
            let firstSentence = lower.prefix { $0 != "." && $0 != "!" && $0 != "\n" }
            let firstWords = Set(Self.words(String(firstSentence)))
            let asksForInput = firstSentence.contains("?") && firstWords.contains("me")
                && !firstWords.isDisjoint(with: ["provide", "share", "send", "include", "paste"])
            if firstPerson >= 2, opensAsAssistant || asksForInput || !words.contains(where: { $0 == "you" || $0 == "your" || $0 == "you're" }) {
                return .init("new system prompt speaks as the assistant (\"I …\") instead of to it", rule: .metaTalk)
            }
        }
        return nil
    }

    /// Phrases of a text about a prompt, or of a reply to the optimizer; a
    /// system prompt speaks to the model about its work.
    static let metaCues = [
        "system prompt", "user prompt", "this prompt", "the prompt should", "improved prompt", "revised prompt",
        "thank you for your", "i look forward", "here is the", "here's the", "the diagnosis", "<diagnosis", "<analysis",
        // A system prompt speaks to the model ("you"); one about "the model"
        // is a description of a prompt (seen: "explanations of how the model
        // should read and analyze the review text … I will provide you with…").
        "the model should", "i will provide you",
    ]

    /// `"\"you should be able\" 4 times"` for the most repeated sentence or
    /// `repeatRun`-word run, or nil.
    static func repetition(_ text: String, words: [String]) -> String? {
        // The most repeated, the first said among equals: the message must not
        // depend on dictionary order (a resumed run writes it again).
        var sentences: [String: (count: Int, first: Int)] = [:]
        for (i, sentence) in text.split(whereSeparator: { ".!?\n".contains($0) }).enumerated() {
            let key = Self.words(String(sentence)).joined(separator: " ")
            if key.split(separator: " ").count >= 5 { sentences[key] = ((sentences[key]?.count ?? 0) + 1, sentences[key]?.first ?? i) }
        }
        if let top = sentences.max(by: { ($0.value.count, -$0.value.first) < ($1.value.count, -$1.value.first) }), top.value.count >= 2 {
            return "the sentence \"\(top.key.prefix(60))\" \(top.value.count) times"
        }
        guard words.count >= repeatRun else { return nil }
        var runs: [Int: (count: Int, first: Int)] = [:]
        for i in 0...(words.count - repeatRun) {
            let h = runHash(words[i..<(i + repeatRun)])
            runs[h] = ((runs[h]?.count ?? 0) + 1, runs[h]?.first ?? i)
        }
        if let top = runs.values.max(by: { ($0.count, -$0.first) < ($1.count, -$1.first) }), top.count >= repeatLimit {
            return "\"\(words[top.first..<(top.first + repeatRun)].joined(separator: " "))\" \(top.count) times"
        }
        return nil
    }

    /// The first `{name}` (a word in single braces) other than `{question}`
    /// that the parent did not have already, or nil.
    /// Words written inside the answer tags of a prompt: "`<answer>Yes or no.</answer>`"
    /// gives "Yes or no.". Three words or more there are an instruction the
    /// model copies as its answer (a 1.5B optimizer writes such prompts); an
    /// example answer ("`<answer>N</answer>`", "`<answer>(A)</answer>`") or
    /// the tags named apart ("between <answer> and </answer>") pass.
    public static func instructionInsideAnswerTags(_ text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: "<answer>([^<]*)</answer>", options: [.caseInsensitive]) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        for match in regex.matches(in: text, range: range) {
            guard let r = Range(match.range(at: 1), in: text) else { continue }
            let inside = text[r].trimmingCharacters(in: .whitespacesAndNewlines)
            if inside.split(whereSeparator: { $0 == " " || $0 == "\n" }).count >= 3 { return inside }
        }
        return nil
    }

    static func strayPlaceholder(_ text: String, parent: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: "(?<!\\{)\\{[A-Za-z_][A-Za-z0-9_]*\\}(?!\\})") else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        for match in regex.matches(in: text, range: range) {
            guard let r = Range(match.range, in: text) else { continue }
            let slot = String(text[r])
            if slot != SPOTask.questionSlot, !parent.contains(slot) { return slot }
        }
        return nil
    }

    /// Lowercased words without surrounding punctuation.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).map { $0.trimmingCharacters(in: .punctuationCharacters) }.filter { !$0.isEmpty }
    }

    static func runHash(_ run: ArraySlice<String>) -> Int {
        var h = Hasher()
        for w in run { h.combine(w) }
        return h.finalize()
    }

    /// Whether `name` occurs in `text` not as part of a longer word.
    static func containsWord(_ text: String, _ name: String) -> Bool {
        var search = text.startIndex..<text.endIndex
        while let r = text.range(of: name, range: search) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let isWordChar = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWordChar(before) && !isWordChar(after) { return true }
            search = r.upperBound..<text.endIndex
        }
        return false
    }
}
