import Foundation
import SPOCore
import SPOModels

/// A deterministic stand-in for both model roles, so the engine can produce a
/// realistic session for the dashboard tests.
///
/// Base calls read the item number out of the question and answer it right when
/// a coin drawn from the question falls below a rate the prompts set: "careful"
/// in the system prompt helps, "step" in the user prompt helps, "sloppy" hurts.
/// Some wrong answers forget the answer tags (a format error).
/// Optimizer calls get well-formed analyses and rewrites, except one malformed
/// user rewrite (a rejected candidate), and one system rewrite that carries an
/// escape sequence, a bell and wide characters, which the dashboard must draw inertly.
final class FixtureModel: LanguageModel, @unchecked Sendable {
    enum Role { case base, userAnalysis, userWriter, systemAnalysis, systemWriter }

    let prompts: MetaPromptSet

    init(prompts: MetaPromptSet) {
        self.prompts = prompts
    }

    var identity: String { "fixture" }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        let system = messages.first?.content ?? ""
        let user = messages.last?.content ?? ""
        let role: Role =
            switch system {
            case prompts.userAnalysis.system: .userAnalysis
            case prompts.userWriter.system: .userWriter
            case prompts.systemAnalysis.system: .systemAnalysis
            case prompts.systemWriter.system: .systemWriter
            default: .base
            }
        let text: String
        switch role {
        case .base: text = answer(system: system, user: user)
        case .userAnalysis: text = "<Analysis>The user prompt never asks the model to work through the item before answering, so it guesses at the count; it also forgets the answer tags now and then (sample \(parameters.sampleIndex % 1000)).</Analysis>"
        case .systemAnalysis: text = "<Analysis>Across tasks the answers are careless: the model answers before reading the whole question. A system prompt asking for care would help.</Analysis>"
        case .userWriter: text = userRewrite(Self.section(user, after: "[Current user prompt]"), index: parameters.sampleIndex)
        case .systemWriter: text = systemRewrite(Self.section(user, after: "[Current system prompt]"), index: parameters.sampleIndex)
        }
        return Completion(text: text, usage: CompletionUsage(promptTokens: 40 + user.utf8.count / 8, completionTokens: 12 + text.utf8.count / 6, latencySeconds: 0))
    }

    func userRewrite(_ parent: String, index: Int) -> String {
        let attempt = index % 10, slot = (index / 10) % 100, task = (index / 1000) % 1000
        // The first try of the first slot of the first task is malformed: the engine rejects it and retries.
        if attempt == 1, slot == 0, task == 0 { return "Here is a better prompt: think harder." }
        let lead = slot % 2 == 0 ? "Work step by step." : "Read the question twice, then reason step by step."
        return "<improved_instruction_prompt>\(lead)\n\(parent)</improved_instruction_prompt>"
    }

    func systemRewrite(_ parent: String, index: Int) -> String {
        let slot = (index / 10) % 100
        if slot % 2 == 1 {
            return "<improved_system_prompt>\(parent) Be careful and \u{1B}[31mprecise\u{1B}[0m.\u{07} Check twice — 二回確認.</improved_system_prompt>"
        }
        return "<improved_system_prompt>\(parent) Be careful: read the whole question before answering.</improved_system_prompt>"
    }

    static func section(_ text: String, after title: String) -> String {
        guard let start = text.range(of: title) else { return "" }
        let rest = text[start.upperBound...].drop { $0 != "\n" }.dropFirst()
        let end = rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    static func count(_ word: String, in text: String) -> Int {
        text.lowercased().components(separatedBy: word).count - 1
    }

    static func rate(system: String, user: String) -> Double {
        0.3 + 0.2 * Double(min(2, count("careful", in: system))) + 0.1 * Double(min(3, count("step", in: user)))
            - 0.2 * Double(count("sloppy", in: system))
    }

    static func coin(_ s: String) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Double(h % 10_000) / 10_000
    }

    func answer(system: String, user: String) -> String {
        guard let item = FixtureTasks.item(in: user) else { return "I cannot tell." }
        let gold = FixtureTasks.gold(task: item.task, n: item.n)
        let c = Self.coin(item.question)
        if c < Self.rate(system: system, user: user) {
            return "Looking at it closely, the answer is \(gold).\n<answer>\(gold)</answer>"
        }
        if c > 0.92 { return "It is probably \(gold)-ish, I think." }
        return "I believe it is this one.\n<answer>\(FixtureTasks.wrong(task: item.task, n: item.n))</answer>"
    }
}

/// The tasks of the fixture: two source tasks and one unseen task, with
/// questions the model can parse back.
enum FixtureTasks {
    static let colours = ["red", "green", "blue", "amber", "violet"]

    static func gold(task: String, n: Int) -> String {
        switch task {
        case "crate_count": String(n % 9 + 2)
        case "flag_colour": colours[n % colours.count]
        default: "order-\(n % 7)"
        }
    }

    static func wrong(task: String, n: Int) -> String {
        switch task {
        case "crate_count": String(n % 9 + 3)
        case "flag_colour": colours[(n + 2) % colours.count]
        default: "order-\((n + 3) % 7)"
        }
    }

    static func question(task: String, n: Int) -> String {
        switch task {
        case "crate_count": "How many apples are in crate \(n)? The crate label lists several fruits."
        case "flag_colour": "Which colour is flag \(n) on the harbour mast?"
        default: "Put batch \(n) in order and name the ordering."
        }
    }

    static func item(in text: String) -> (task: String, n: Int, question: String)? {
        for (task, marker) in [("crate_count", "crate "), ("flag_colour", "flag "), ("batch_order", "batch ")] {
            guard let r = text.range(of: marker), let n = Int(text[r.upperBound...].prefix { $0.isNumber }) else { continue }
            return (task, n, question(task: task, n: n))
        }
        return nil
    }

    static func task(_ name: String, train: Int, test: Int, prompt: String) -> SPOTask {
        func ex(_ i: Int) -> Example { Example(question: question(task: name, n: i), answers: [gold(task: name, n: i)]) }
        return SPOTask(
            name: name, domain: "fixture", userPrompt: prompt, answerKind: .text, metric: .exactMatch,
            trainPool: (0..<train).map(ex), testPool: (train..<(train + test)).map(ex), source: .builtin)
    }

    static let source: [SPOTask] = [
        task("crate_count", train: 12, test: 6, prompt: "Count what is asked.\n<Question>{question}</Question>\nAt the end present your answer in <answer> and </answer>."),
        task("flag_colour", train: 12, test: 6, prompt: "Name the colour.\n<Question>{question}</Question>\nAt the end present your answer in <answer> and </answer>."),
    ]
    static let unseen: [SPOTask] = [
        task("batch_order", train: 4, test: 6, prompt: "Order the batch.\n<Question>{question}</Question>\nAt the end present your answer in <answer> and </answer>."),
    ]
}
