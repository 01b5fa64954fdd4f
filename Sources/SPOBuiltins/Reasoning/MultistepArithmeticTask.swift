import SPOCore

/// Fully parenthesized integer arithmetic with 2–4 operations on numbers from -9 to 9.
enum MultistepArithmeticTask {
    indirect enum Node: Sendable {
        case number(Int)
        case op(Character, Node, Node)

        var value: Int {
            switch self {
            case .number(let v): v
            case .op(let o, let l, let r):
                switch o {
                case "+": l.value + r.value
                case "-": l.value - r.value
                default: l.value * r.value
                }
            }
        }

        var text: String {
            switch self {
            case .number(let v): String(v)
            case .op(let o, let l, let r): "(\(l.text) \(o) \(r.text))"
            }
        }
    }

    static func build(ops: Int, _ rng: inout SeededRandom) -> Node {
        guard ops > 0 else { return .number(rng.int(in: -9...9)) }
        let left = rng.below(ops)
        let symbol: Character = rng.pick(["+", "-", "*"])
        return .op(symbol, build(ops: left, &rng), build(ops: ops - 1 - left, &rng))
    }

    static let templates = ["{e} =", "Compute {e}.", "What is the value of {e}?", "Evaluate {e}."]

    static func generate(_ rng: inout SeededRandom) -> Example {
        while true {
            let node = build(ops: rng.int(in: 2...4), &rng)
            // Keep the numbers small enough for mental arithmetic.
            guard abs(node.value) <= 300 else { continue }
            var text = node.text
            // The outermost parentheses add nothing.
            text = String(text.dropFirst().dropLast())
            return Example(question: TextKit.fill(rng.pick(templates), ["e": text]), answers: [String(node.value)])
        }
    }

    static let family = BuiltinTaskFamily(
        name: "multistep_arithmetic", domain: "reasoning",
        summary: "Evaluate nested integer arithmetic (2–4 operations of +, -, * on -9…9).",
        answerKind: .integer, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Solve the arithmetic problem, working from the innermost parentheses outward.",
            answerHint: "the final integer"),
        generate: { generate(&$0) })
}
