import SPOCore

/// Evaluating Boolean expressions with `not`, `and`, `or` and parentheses.
/// Gold answers are `True`/`False`, read as yes/no (the extractor maps True to yes).
enum BooleanExpressionsTask {
    indirect enum Node: Sendable {
        case literal(Bool)
        case not(Node)
        case binary(isAnd: Bool, Node, Node)

        var value: Bool {
            switch self {
            case .literal(let v): v
            case .not(let n): !n.value
            case .binary(let isAnd, let l, let r): isAnd ? (l.value && r.value) : (l.value || r.value)
            }
        }
    }

    static func build(operands: Int, _ rng: inout SeededRandom) -> Node {
        var node: Node
        if operands == 1 {
            node = .literal(rng.chance(0.5))
        } else {
            let left = rng.int(in: 1...(operands - 1))
            node = .binary(
                isAnd: rng.chance(0.5), build(operands: left, &rng), build(operands: operands - left, &rng))
        }
        if rng.chance(operands == 1 ? 0.3 : 0.2) { node = .not(node) }
        if case .not(.literal) = node, rng.chance(0.1) { node = .not(node) }
        return node
    }

    /// Binary children are parenthesized unless the operator repeats; an `and`
    /// inside an `or` sometimes relies on precedence instead.
    static func render(_ node: Node, _ rng: inout SeededRandom) -> String {
        switch node {
        case .literal(let v):
            return v ? "True" : "False"
        case .not(let inner):
            if case .binary = inner { return "not (\(render(inner, &rng)))" }
            return "not \(render(inner, &rng))"
        case .binary(let isAnd, let l, let r):
            func child(_ c: Node, _ rng: inout SeededRandom) -> String {
                let text = render(c, &rng)
                guard case .binary(let childAnd, _, _) = c, childAnd != isAnd else { return text }
                if childAnd && !isAnd && rng.chance(0.3) { return text }
                return "(\(text))"
            }
            let left = child(l, &rng)
            let right = child(r, &rng)
            return "\(left) \(isAnd ? "and" : "or") \(right)"
        }
    }

    static let templates = [
        "Evaluate the Boolean expression: {e}",
        "Is the following expression True or False? {e}",
        "What does this expression evaluate to? {e}",
        "{e} is",
    ]

    static func generate(_ rng: inout SeededRandom) -> Example {
        let want = rng.chance(0.5)
        while true {
            let node = build(operands: rng.int(in: 2...5), &rng)
            // `and` chains of literals are almost always False; balance the labels.
            guard node.value == want else { continue }
            let text = TextKit.fill(rng.pick(templates), ["e": render(node, &rng)])
            return Example(question: text, answers: [want ? "True" : "False"])
        }
    }

    static let family = BuiltinTaskFamily(
        name: "boolean_expressions", domain: "reasoning",
        summary: "Evaluate a Boolean expression of 2–5 literals with not/and/or; answer True or False.",
        answerKind: .yesNo, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Evaluate the Boolean expression using the usual precedence (not, then and, then or).",
            answerHint: "True or False"),
        generate: { generate(&$0) })
}
