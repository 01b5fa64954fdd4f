/// A trait of a prompt that changes how well the simulated model answers: the
/// thing the optimizer can learn to add (or, for a harmful one, to drop).
public struct PromptFeature: Sendable, Hashable {
    public var name: String
    /// Lower-case phrases; the feature is present when any of them occurs in
    /// the normalised system or user prompt.
    public var cues: [String]
    /// The sentence a simulated rewrite adds, and removes again to drop it.
    public var sentence: String
    /// Added to the probability of a correct answer when present.
    public var bonus: Double
    /// Scales the share of wrong answers that come without an `<answer>` tag.
    public var formatErrorFactor: Double

    public init(name: String, cues: [String], sentence: String, bonus: Double, formatErrorFactor: Double = 1) {
        self.name = name
        self.cues = cues
        self.sentence = sentence
        self.bonus = bonus
        self.formatErrorFactor = formatErrorFactor
    }

    /// Whether a normalised text (see `SimulatedBehaviour.normalized`) has it.
    public func isPresent(inNormalized text: String) -> Bool {
        cues.contains { text.contains($0) }
    }

    /// Four helpful traits, one harmful, two neutral (neutral ones still change
    /// the text, and with it the hashed part of the score: noise to search through).
    public static let standard: [PromptFeature] = [
        PromptFeature(name: "step_by_step", cues: ["step by step", "step-by-step"], sentence: "Work through the problem step by step.", bonus: 0.15),
        PromptFeature(name: "check", cues: ["double-check", "verify"], sentence: "Verify each intermediate result before you answer.", bonus: 0.10),
        PromptFeature(name: "careful", cues: ["carefully", "careful reading"], sentence: "Read every part of the question carefully.", bonus: 0.08),
        PromptFeature(
            name: "format", cues: ["answer format", "exact format"], sentence: "Keep to the requested answer format exactly.", bonus: 0.06,
            formatErrorFactor: 0.3),
        PromptFeature(name: "hurry", cues: ["quick guess", "answer quickly"], sentence: "Answer quickly; a quick guess is fine.", bonus: -0.2),
        PromptFeature(name: "concise", cues: ["be concise"], sentence: "Be concise.", bonus: 0),
        PromptFeature(name: "persona", cues: ["you are an expert"], sentence: "You are an expert problem solver.", bonus: 0),
    ]
}
