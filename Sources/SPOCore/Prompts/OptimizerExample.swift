/// A wrongly answered example as shown to the optimizer: the prompts the model
/// saw, what it said, what was read from it, and the gold answer (as the paper does).
public struct OptimizerExample: Sendable, Hashable, Codable {
    public var index: Int
    public var systemPrompt: String
    /// The user prompt with the question filled in.
    public var userMessage: String
    public var response: String
    public var prediction: String
    public var gold: String

    public init(index: Int, systemPrompt: String, userMessage: String, response: String, prediction: String, gold: String) {
        self.index = index
        self.systemPrompt = systemPrompt
        self.userMessage = userMessage
        self.response = response
        self.prediction = prediction
        self.gold = gold
    }

    /// The block inserted into a meta-prompt's `{{examples}}`.
    public var rendered: String {
        """
        <Example>
        System prompt:
        \(systemPrompt)

        User prompt:
        \(userMessage)

        Response:
        \(response)

        Prediction:
        \(prediction)

        Correct answer:
        \(gold)
        </Example>
        """
    }

    public static func render(_ examples: [OptimizerExample]) -> String {
        examples.map(\.rendered).joined(separator: "\n")
    }
}
