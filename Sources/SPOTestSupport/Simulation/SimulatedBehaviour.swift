import Foundation
public import SPOCore

/// What the simulated model says to a request: a pure, deterministic function
/// of the request's text and seed, so a resumed run, a second process or a
/// benchmark on another day all get the very same replies.
///
/// Base-model requests are answered correctly with a probability that depends
/// only on the (system prompt, user prompt) pair: a rate hashed from their
/// normalised text plus the bonuses of the `PromptFeature`s they contain. Each
/// example's coin is hashed from (prompts, question). Optimizer requests (the
/// meta-prompts of `prompts/`) get well-formed analyses and rewrites that add
/// or drop one feature, except for a configurable share of malformed replies.
public struct SimulatedBehaviour: Sendable {
    public struct Settings: Sendable {
        /// Mean probability of a correct answer for a prompt pair with no features.
        public var baseAccuracy: Double
        /// Width of the hashed spread around `baseAccuracy` (±half of it).
        public var spread: Double
        public var features: [PromptFeature]
        /// Share of wrong answers given without an `<answer>` tag (a format error),
        /// before feature factors.
        public var formatErrorShare: Double
        /// Share of optimizer replies that lack their tag.
        public var malformedOptimizerShare: Double
        /// How often a writer adds the trait its diagnosis asked for (an
        /// optimizer that listens to its own analysis), instead of a random edit.
        public var followDiagnosis: Double
        /// How often a writer also rewords a neutral closing (two sentences), as a
        /// sampling LLM rarely writes the same prompt twice; without it, rewrites
        /// of one parent often coincide and are dropped as duplicates.
        public var rewordShare: Double
        /// How much a feature's effect differs between tasks (0: the same on
        /// every task). Each (feature, task) pair scales the feature's bonus by
        /// 1 + taskTradeOff · (2u − 1), u hashed from the pair, so with a value
        /// above 1 a feature can help one task and hurt another: the per-task
        /// trade-offs that Pareto selection is for. Real tasks have them; 0
        /// keeps every figure measured before it existed.
        public var taskTradeOff: Double

        public init(
            baseAccuracy: Double = 0.45, spread: Double = 0.1, features: [PromptFeature] = PromptFeature.standard,
            formatErrorShare: Double = 0.3, malformedOptimizerShare: Double = 0.1, followDiagnosis: Double = 0.7,
            rewordShare: Double = 0.9, taskTradeOff: Double = 0
        ) {
            self.baseAccuracy = baseAccuracy
            self.spread = spread
            self.features = features
            self.formatErrorShare = formatErrorShare
            self.malformedOptimizerShare = malformedOptimizerShare
            self.followDiagnosis = followDiagnosis
            self.rewordShare = rewordShare
            self.taskTradeOff = taskTradeOff
        }
    }

    /// Who a request is for, told apart by the meta-prompt it carries.
    public enum RequestKind: String, Sendable, Hashable, CaseIterable {
        case base
        case userAnalysis = "user_analysis"
        case userWriter = "user_writer"
        case systemAnalysis = "system_analysis"
        case systemWriter = "system_writer"
        case apeResample = "ape_resample"
        case protegiGradient = "protegi_gradient"
        case protegiEdit = "protegi_edit"
        case evoCrossover = "evo_crossover"
        case systemMerge = "system_merge"

        public var isOptimizer: Bool { self != .base }
    }

    public struct Reply: Sendable, Hashable {
        public var kind: RequestKind
        public var text: String
        /// For base requests: whether the answer is right; nil when the question
        /// is not in the answer key.
        public var correct: Bool?
        /// A format error (base) or a reply without its tag (optimizer).
        public var malformed: Bool
    }

    public let settings: Settings
    public let answers: AnswerKey
    /// The meta-prompts whose system texts identify optimizer requests; nil
    /// falls back to the tags the request asks for.
    public let prompts: MetaPromptSet?

    public init(answers: AnswerKey, settings: Settings = Settings(), prompts: MetaPromptSet? = try? MetaPromptSet.load()) {
        self.answers = answers
        self.settings = settings
        self.prompts = prompts
    }

    // MARK: Requests

    /// The key a base request is recorded under: SHA-256 of its system and user messages.
    public static func requestKey(system: String, user: String) -> String {
        SHA256.hex("\(system.utf8.count):\(system)\n\(user.utf8.count):\(user)")
    }

    public func classify(system: String, user: String) -> RequestKind {
        if let p = prompts {
            let s = system.trimmingCharacters(in: .whitespacesAndNewlines)
            let known: [(MetaPrompt, RequestKind)] = [
                (p.userAnalysis, .userAnalysis), (p.userWriter, .userWriter), (p.systemAnalysis, .systemAnalysis), (p.systemWriter, .systemWriter),
                (p.apeResample, .apeResample), (p.protegiGradient, .protegiGradient), (p.protegiEdit, .protegiEdit),
                (p.evoCrossover, .evoCrossover), (p.systemMerge, .systemMerge),
            ]
            for (template, kind) in known
            where template.system.trimmingCharacters(in: .whitespacesAndNewlines) == s {
                return kind
            }
        }
        if user.contains("<\(OptimizerReply.userPromptTag)>") { return .userWriter }
        if user.contains("<\(OptimizerReply.systemPromptTag)>") { return .systemWriter }
        if user.contains("<\(OptimizerReply.variantTag)>") { return .apeResample }
        if user.contains("<\(OptimizerReply.analysisTag)>") { return user.contains("[User prompt]") ? .userAnalysis : .systemAnalysis }
        return .base
    }

    /// The reply to a chat request. `seed` is the request's `seed` field, which
    /// metaspo varies per sample index: different samples, different rewrites.
    public func reply(system: String, user: String, seed: Int64?) -> Reply {
        let kind = classify(system: system, user: user)
        switch kind {
        case .base: return baseReply(system: system, user: user)
        default: return optimizerReply(kind: kind, system: system, user: user, seed: seed.map { String($0) } ?? "none")
        }
    }

    // MARK: Base model

    /// The probability that the simulated model answers an example correctly
    /// under this system prompt and user prompt (the template, `{question}` unfilled).
    /// `task` names the task for `taskTradeOff` (nil: no per-task scaling).
    public func accuracy(system: String, userPrompt: String, task: String? = nil) -> Double {
        let s = StableHash.normalized(system), u = StableHash.normalized(userPrompt)
        var p = settings.baseAccuracy + settings.spread * (StableHash.unit(["rate", s, u]) - 0.5)
        for f in settings.features where f.isPresent(inNormalized: s) || f.isPresent(inNormalized: u) {
            guard let task, settings.taskTradeOff != 0 else {
                p += f.bonus
                continue
            }
            p += f.bonus * (1 + settings.taskTradeOff * (2 * StableHash.unit(["trade-off", f.name, task]) - 1))
        }
        return min(0.97, max(0.03, p))
    }

    /// Share of wrong answers that miss the `<answer>` tag under these prompts.
    func formatErrorShare(system: String, userPrompt: String) -> Double {
        let s = StableHash.normalized(system), u = StableHash.normalized(userPrompt)
        var share = settings.formatErrorShare
        for f in settings.features where f.isPresent(inNormalized: s) || f.isPresent(inNormalized: u) {
            share *= f.formatErrorFactor
        }
        return share
    }

    func baseReply(system: String, user: String) -> Reply {
        guard let m = answers.match(userMessage: user) else {
            return Reply(kind: .base, text: "I do not know this one. <answer>unknown</answer>", correct: nil, malformed: false)
        }
        let s = StableHash.normalized(system), u = StableHash.normalized(m.userTemplate)
        let question = m.example.question
        let reasoning = Self.reasoning[Int(StableHash.hash(["why", s, u, question]) % UInt64(Self.reasoning.count))]
        if StableHash.unit(["coin", s, u, question]) < accuracy(system: system, userPrompt: m.userTemplate, task: m.task.name) {
            return Reply(kind: .base, text: "\(reasoning) <answer>\(m.example.answer)</answer>", correct: true, malformed: false)
        }
        let wrong = wrongAnswer(m, salt: StableHash.hash(["wrong", s, u, question]))
        if StableHash.unit(["format", s, u, question]) < formatErrorShare(system: system, userPrompt: m.userTemplate) {
            return Reply(kind: .base, text: "\(reasoning) So I would say \(wrong).", correct: false, malformed: true)
        }
        return Reply(kind: .base, text: "\(reasoning) <answer>\(wrong)</answer>", correct: false, malformed: false)
    }

    private static let reasoning = [
        "Let me look at the question.",
        "Going through the details one at a time.",
        "Working it out from the facts given.",
        "Reading the question, the key facts are clear.",
    ]

    /// A wrong answer of the same kind as the gold.
    func wrongAnswer(_ m: AnswerKey.Match, salt: UInt64) -> String {
        let gold = m.example.answer.trimmingCharacters(in: .whitespaces)
        switch m.task.kind {
        case .letter:
            let count = max(2, m.example.choices?.count ?? 4)
            let letters = (0..<count).map { String(UnicodeScalar(UInt8(65 + $0))) }
            let goldLetter = gold.first.map { String($0).uppercased() } ?? "A"
            let others = letters.filter { $0 != goldLetter }
            return "(\(others[Int(salt % UInt64(others.count))]))"
        case .integer:
            guard let g = Int(gold) else { return gold == "0" ? "1" : "0" }
            let deltas = [-2, -1, 1, 2]
            let d = deltas[Int(salt % 4)]
            return String(g + d >= 0 ? g + d : g + abs(d))
        case .yesNo:
            switch gold.lowercased() {
            case "yes": return gold == "Yes" ? "No" : "no"
            case "no": return gold == "No" ? "Yes" : "yes"
            case "true": return gold == "True" ? "False" : "false"
            case "false": return gold == "False" ? "True" : "true"
            default: return "no"
            }
        case .number:
            guard let g = Double(gold) else { return "0" }
            return String(g + max(1, abs(g) * 0.5))
        case .text, .regex:
            let target = StableHash.normalized(gold)
            let others = m.task.golds.filter { StableHash.normalized($0) != target }
            return others.isEmpty ? "none of these" : others[Int(salt % UInt64(others.count))]
        }
    }

    // MARK: Optimizer

    func optimizerReply(kind: RequestKind, system: String, user: String, seed: String) -> Reply {
        if StableHash.unit(["malformed", system, user, seed]) < settings.malformedOptimizerShare {
            // Prose without the tag the meta-prompt asked for.
            let text = "I looked at the examples. The prompt could be clearer about what it wants, and the model might do better with more guidance."
            return Reply(kind: kind, text: text, correct: nil, malformed: true)
        }
        let template: MetaPrompt? = switch kind {
        case .userAnalysis: prompts?.userAnalysis
        case .userWriter: prompts?.userWriter
        case .systemAnalysis: prompts?.systemAnalysis
        case .systemWriter: prompts?.systemWriter
        case .apeResample: prompts?.apeResample
        case .protegiGradient: prompts?.protegiGradient
        case .protegiEdit: prompts?.protegiEdit
        case .evoCrossover: prompts?.evoCrossover
        case .systemMerge: prompts?.systemMerge
        case .base: nil
        }
        let values = template.flatMap { TemplateFill.values(of: $0, in: user) } ?? [:]
        let systemPrompt = values["system_prompt"] ?? TemplateFill.section("Current system prompt", in: user) ?? TemplateFill.section("System prompt", in: user)
        let userPrompt = values["user_prompt"] ?? TemplateFill.section("Current user prompt", in: user) ?? TemplateFill.section("User prompt", in: user)
        let salt = StableHash.hash(["rewrite", kind.rawValue, user, seed])
        let diagnosis = values["analysis"] ?? values["gradient"] ?? TemplateFill.section("Diagnosis", in: user) ?? TemplateFill.section("Diagnosis of its failures", in: user) ?? ""
        switch kind {
        case .userAnalysis, .systemAnalysis, .protegiGradient:
            let reviewed = (systemPrompt ?? "") + "\n" + (kind == .systemAnalysis ? "" : userPrompt ?? "")
            return Reply(kind: kind, text: "<Analysis>\(analysis(of: reviewed, salt: salt))</Analysis>", correct: nil, malformed: false)
        case .userWriter, .protegiEdit:
            let current = userPrompt ?? "Answer the question.\n<Question>{question}</Question>\nGive the final answer between <answer> and </answer>."
            let text = rewrite(current, isUserPrompt: true, following: diagnosis, salt: salt)
            return Reply(kind: kind, text: "Here is the revised prompt.\n<improved_instruction_prompt>\n\(text)\n</improved_instruction_prompt>", correct: nil, malformed: false)
        case .systemWriter:
            let current = systemPrompt ?? "You are a helpful assistant."
            let text = rewrite(current, isUserPrompt: false, following: diagnosis, salt: salt)
            return Reply(kind: kind, text: "<improved_system_prompt>\n\(text)\n</improved_system_prompt>", correct: nil, malformed: false)
        case .apeResample:
            // A new wording with no diagnosis to follow: one or two features
            // added or dropped at random, the question slot kept where there is one.
            let source = values["prompt"] ?? TemplateFill.section("Instruction", in: user) ?? "You are a helpful assistant."
            let isUser = source.contains(SPOTask.questionSlot)
            var text = rewrite(source, isUserPrompt: isUser, salt: salt)
            if StableHash.mix(salt ^ 0x5eed) % 2 == 0 { text = rewrite(text, isUserPrompt: isUser, salt: StableHash.mix(salt)) }
            return Reply(kind: kind, text: "Another way to say it:\n<prompt_variant>\n\(text)\n</prompt_variant>", correct: nil, malformed: false)
        case .systemMerge:
            // Prompt A with every helpful trait of B that it lacks.
            var text = values["prompt_a"] ?? TemplateFill.section("System prompt A", in: user) ?? "You are a helpful assistant."
            let b = values["prompt_b"] ?? TemplateFill.section("System prompt B", in: user) ?? ""
            for trait in settings.features where trait.bonus >= 0 && b.contains(trait.sentence) && !trait.isPresent(inNormalized: StableHash.normalized(text)) {
                text = Self.insert(trait.sentence, into: text, isUserPrompt: false)
            }
            return Reply(kind: kind, text: "<improved_system_prompt>\n\(text)\n</improved_system_prompt>", correct: nil, malformed: false)
        case .evoCrossover:
            // The child is parent 1 with a helpful trait of parent 2 that it
            // lacks, then, half of the time, one random edit (the mutation).
            let a = values["prompt_a"] ?? TemplateFill.section("Parent 1", in: user) ?? "You are a helpful assistant."
            let b = values["prompt_b"] ?? TemplateFill.section("Parent 2", in: user) ?? ""
            let isUser = a.contains(SPOTask.questionSlot)
            let normA = StableHash.normalized(a)
            var text = a
            if let trait = settings.features.first(where: { $0.bonus >= 0 && b.contains($0.sentence) && !$0.isPresent(inNormalized: normA) }) {
                text = Self.insert(trait.sentence, into: a, isUserPrompt: isUser)
            }
            if text == a || StableHash.mix(salt ^ 0xc0de) % 2 == 0 { text = rewrite(text, isUserPrompt: isUser, salt: salt) }
            return Reply(kind: kind, text: "Child:\n<prompt_variant>\n\(text)\n</prompt_variant>", correct: nil, malformed: false)
        case .base:
            return baseReply(system: system, user: user)
        }
    }

    /// A diagnosis that names a helpful trait the prompts lack.
    func analysis(of prompts: String, salt: UInt64) -> String {
        let norm = StableHash.normalized(prompts)
        let missing = settings.features.filter { $0.bonus > 0 && !$0.isPresent(inNormalized: norm) }
        let harmful = settings.features.filter { $0.bonus < 0 && $0.isPresent(inNormalized: norm) }
        var lines = ["Several wrong answers share a pattern: the model jumps to a conclusion without using all the facts it is given."]
        if let h = harmful.first {
            lines.append("The instruction \"\(h.sentence)\" encourages careless answers.")
        }
        if !missing.isEmpty {
            lines.append("The prompt never asks for this: \"\(missing[Int(salt % UInt64(missing.count))].sentence)\"")
        }
        return lines.joined(separator: " ")
    }

    /// Usually (`settings.followDiagnosis`) does what the diagnosis says: adds
    /// the helpful trait it names, or drops the harmful one; otherwise rewrites
    /// at random.
    /// Then, `settings.rewordShare` of the time, rewords the closing sentence.
    public func rewrite(_ text: String, isUserPrompt: Bool, following diagnosis: String, salt: UInt64) -> String {
        let norm = StableHash.normalized(text)
        var out: String?
        if Double(StableHash.mix(salt) >> 11) / Double(UInt64(1) << 53) < settings.followDiagnosis {
            for f in settings.features where diagnosis.contains(f.sentence) {
                if f.bonus > 0 && !f.isPresent(inNormalized: norm) { out = Self.insert(f.sentence, into: text, isUserPrompt: isUserPrompt) }
                if f.bonus < 0 && text.contains(f.sentence) { out = Self.remove(f.sentence, from: text) }
                if out != nil { break }
            }
        }
        let edited = out ?? rewrite(text, isUserPrompt: isUserPrompt, salt: salt)
        let reword = StableHash.mix(salt ^ 0x7e0d)
        guard Double(reword >> 11) / Double(UInt64(1) << 53) < settings.rewordShare else { return edited }
        var plain = edited
        for c in Self.closings + Self.codas where plain.contains(c) { plain = Self.remove(c, from: plain) }
        let pick = StableHash.mix(reword)
        let closing = Self.closings[Int(pick % UInt64(Self.closings.count))] + " "
            + Self.codas[Int((pick / UInt64(Self.closings.count)) % UInt64(Self.codas.count))]
        return Self.insert(closing, into: plain, isUserPrompt: isUserPrompt)
    }

    /// Second sentences of a closing, for 200 wordings in all.
    static let codas = [
        "Be consistent.", "Keep it simple.", "Stay calm.", "Mind the units.", "Trust the text.", "Note any exceptions.",
        "Be systematic.", "Stay neutral.", "Think it through.", "Follow the instructions.",
    ]

    /// Closing sentences with no feature's cue: rewording with them changes a
    /// prompt's text (and its hashed base rate) but none of its traits.
    static let closings = [
        "Stay on topic.", "Use plain language.", "Think about the context.", "Rely on the facts given.", "Be thorough.",
        "Stay focused on the question.", "Weigh each option.", "Use the information provided.", "Keep your reasoning tidy.",
        "Prefer clear statements.", "Stay objective.", "Be precise.", "Treat every question on its own.", "Look for the key facts.",
        "Avoid assumptions that are not stated.", "Pay attention to numbers and names.", "Keep the reader in mind.",
        "Consider what is being asked.", "Mind the wording of the question.", "Take the question at face value.",
    ]

    /// The prompt with one feature added or dropped, chosen by `salt`: helpful
    /// traits are added and harmful ones dropped more often than the reverse.
    public func rewrite(_ text: String, isUserPrompt: Bool, salt: UInt64) -> String {
        let norm = StableHash.normalized(text)
        var actions: [(weight: Int, feature: PromptFeature, add: Bool)] = []
        for f in settings.features {
            if !f.isPresent(inNormalized: norm) {
                actions.append((f.bonus > 0 ? 3 : 1, f, true))
            } else if text.contains(f.sentence) {
                actions.append((f.bonus < 0 ? 3 : 1, f, false))
            }
        }
        let total = actions.reduce(0) { $0 + $1.weight }
        guard total > 0 else {
            return Self.insert("Think about what the question really asks (\(salt % 997)).", into: text, isUserPrompt: isUserPrompt)
        }
        var pick = Int(salt % UInt64(total))
        for a in actions {
            if pick < a.weight {
                return a.add ? Self.insert(a.feature.sentence, into: text, isUserPrompt: isUserPrompt) : Self.remove(a.feature.sentence, from: text)
            }
            pick -= a.weight
        }
        return text
    }

    /// A user prompt gets the sentence on its own line just before the question
    /// slot; a system prompt gets it at the end.
    static func insert(_ sentence: String, into text: String, isUserPrompt: Bool) -> String {
        if isUserPrompt {
            for marker in ["<Question>", SPOTask.questionSlot] {
                if let r = text.range(of: marker) {
                    var out = text
                    out.insert(contentsOf: sentence + "\n", at: r.lowerBound)
                    return out
                }
            }
            return sentence + "\n" + text
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? sentence : trimmed + " " + sentence
    }

    static func remove(_ sentence: String, from text: String) -> String {
        for variant in [sentence + "\n", " " + sentence, sentence + " ", sentence] {
            if let r = text.range(of: variant) {
                var out = text
                out.removeSubrange(r)
                return out.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return text
    }
}
