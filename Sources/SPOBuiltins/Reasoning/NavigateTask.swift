import SPOCore

/// Walking instructions (3–7 moves): do you end where you started?
enum NavigateTask {
    /// A straight walk in an absolute direction: 0 north (the starting heading), 1 east, 2 south, 3 west.
    struct Segment: Sendable {
        var direction: Int
        var steps: Int
    }

    static let dx = [0, 1, 0, -1]
    static let dy = [1, 0, -1, 0]

    static let asks = [
        "If you follow these instructions, do you return to the starting point?",
        "After following the instructions below, are you back where you started?",
        "Do these instructions bring you back to your starting point?",
        "Follow the steps below. Do you end up at the place you began?",
    ]

    static func net(_ path: [Segment]) -> (Int, Int) {
        path.reduce((0, 0)) { ($0.0 + dx[$1.direction] * $1.steps, $0.1 + dy[$1.direction] * $1.steps) }
    }

    static func randomSegment(_ rng: inout SeededRandom) -> Segment {
        Segment(direction: rng.below(4), steps: rng.int(in: 1...9))
    }

    /// Segments that cancel the net displacement of `path` (0–2 of them).
    static func closing(_ path: [Segment]) -> [Segment] {
        let (x, y) = net(path)
        var out: [Segment] = []
        if x != 0 { out.append(Segment(direction: x > 0 ? 3 : 1, steps: abs(x))) }
        if y != 0 { out.append(Segment(direction: y > 0 ? 2 : 0, steps: abs(y))) }
        return out
    }

    static func path(returns: Bool, _ rng: inout SeededRandom) -> [Segment] {
        while true {
            let moves = rng.int(in: 3...7)
            var path: [Segment] = []
            if returns || rng.chance(0.5) {
                // A closed walk; for a "no" answer one step count is then nudged (a near miss).
                for _ in 0..<max(1, moves - 2) { path.append(randomSegment(&rng)) }
                path += closing(path)
                if !returns {
                    let i = rng.below(path.count)
                    path[i].steps += path[i].steps > 1 && rng.chance(0.5) ? -1 : 1
                }
            } else {
                for _ in 0..<moves { path.append(randomSegment(&rng)) }
            }
            let (x, y) = net(path)
            guard path.count >= 3, path.count <= 7, path.allSatisfy({ $0.steps <= 12 }), (x == 0 && y == 0) == returns
            else { continue }
            return path.stableShuffled(using: &rng)
        }
    }

    static func steps(_ n: Int, _ rng: inout SeededRandom) -> String {
        let number = rng.chance(0.2) ? TextKit.word(n) : String(n)
        return "\(number) step\(n == 1 ? "" : "s")"
    }

    static func generate(_ rng: inout SeededRandom) -> Example {
        let returns = rng.chance(0.5)
        let walk = path(returns: returns, &rng)
        var lines: [String] = []
        if rng.chance(0.5) {
            lines.append("Always face forward.")
            let names = ["forward", "right", "backward", "left"]
            for s in walk { lines.append("Take \(steps(s.steps, &rng)) \(names[s.direction]).") }
        } else {
            var heading = 0
            for s in walk {
                let turn = (s.direction - heading + 4) % 4
                if turn == 2 && rng.chance(0.4) {
                    lines.append("Take \(steps(s.steps, &rng)) backward.")
                    continue
                }
                switch turn {
                case 1: lines.append("Turn right.")
                case 2: lines.append("Turn around.")
                case 3: lines.append("Turn left.")
                default: break
                }
                heading = s.direction
                lines.append("Take \(steps(s.steps, &rng)).")
            }
        }
        let question = rng.pick(asks) + " " + lines.joined(separator: " ")
        return Example(question: question, answers: [returns ? "yes" : "no"])
    }

    static let family = BuiltinTaskFamily(
        name: "navigate", domain: "reasoning",
        summary: "Follow 3–7 walking moves (with or without turns) and say whether you end at the start.",
        answerKind: .yesNo, metric: .accuracy,
        userPrompt: TextKit.userPrompt(
            "Trace your position step by step, starting at the origin and facing forward.",
            answerHint: "yes or no"),
        generate: { generate(&$0) })
}
