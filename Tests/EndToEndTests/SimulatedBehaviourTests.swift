import Foundation
import SPOCore
import SPOBuiltins
import SPOTestSupport
import Testing

/// The simulated model itself: it must be right about gold answers, react to
/// prompt features, and answer the optimizer in the shapes metaspo validates.
@Suite struct SimulatedBehaviourTests {
    static let tasks = RunFixture.allTasks.map { BuiltinTasks.task(named: $0)! }
    static let prompts = try! MetaPromptSet.load()

    func behaviour(_ settings: SimulatedBehaviour.Settings = .init()) -> SimulatedBehaviour {
        SimulatedBehaviour(answers: AnswerKey(tasks: Self.tasks), settings: settings, prompts: Self.prompts)
    }

    @Test func baseRepliesAreScoredAsTheSimulatorMeantThem() {
        let sim = behaviour()
        for task in Self.tasks {
            let scorer = Scorer(task: task)
            var correct = 0
            for ex in task.trainPool.prefix(60) {
                let user = task.render(ex)
                #expect(sim.classify(system: "You are a helpful assistant.", user: user) == .base)
                let reply = sim.reply(system: "You are a helpful assistant.", user: user, seed: 42)
                #expect(reply.correct != nil, "\(task.name): question not found in the answer key")
                #expect(scorer.item(response: reply.text, example: ex).correct == reply.correct, "\(task.name): \(reply.text) vs gold \(ex.answer)")
                if reply.correct == true { correct += 1 }
                // Same request, same reply.
                #expect(sim.reply(system: "You are a helpful assistant.", user: user, seed: 42) == reply)
            }
            #expect(correct > 5 && correct < 55, "\(task.name): \(correct)/60 correct")
        }
    }

    @Test func featuresRaiseAccuracyAndTheCoinsFollowIt() {
        let sim = behaviour(.init(spread: 0))
        let task = Self.tasks[0]
        let plain = sim.accuracy(system: "You are a helpful assistant.", userPrompt: task.userPrompt)
        let stepwise = sim.accuracy(system: "You are a helpful assistant. Work through the problem step by step.", userPrompt: task.userPrompt)
        let hurried = sim.accuracy(system: "Answer quickly; a quick guess is fine.", userPrompt: task.userPrompt)
        #expect(abs(stepwise - plain - 0.15) < 1e-9)
        #expect(hurried < plain)
        // The observed rate over the whole train pool tracks the probability.
        let system = "You are a helpful assistant. Work through the problem step by step."
        let hits = task.trainPool.filter { sim.reply(system: system, user: task.render($0), seed: nil).correct == true }.count
        let rate = Double(hits) / Double(task.trainPool.count)
        #expect(abs(rate - stepwise) < 0.12, "rate \(rate) vs p \(stepwise)")
    }

    @Test func taskTradeOffsMakeAFeatureHelpOneTaskAndHurtAnother() {
        let names = ["object_counting", "navigate", "web_of_lies", "date_arithmetic"]
        let plainSystem = "You are a helpful assistant.", stepwise = plainSystem + " Work through the problem step by step."
        let user = "Answer.\n<Question>{question}</Question>"
        // Off (the default): the same bonus on every task, with or without a name.
        let flat = behaviour(.init(spread: 0))
        for n in names {
            #expect(abs(flat.accuracy(system: stepwise, userPrompt: user, task: n) - flat.accuracy(system: stepwise, userPrompt: user)) < 1e-12)
        }
        // On: the bonus is scaled per (feature, task), the same each time, and
        // with a trade-off of 2 the step-by-step feature helps some of these tasks and hurts others.
        let traded = behaviour(.init(spread: 0, taskTradeOff: 2))
        let gains = names.map { traded.accuracy(system: stepwise, userPrompt: user, task: $0) - traded.accuracy(system: plainSystem, userPrompt: user, task: $0) }
        #expect(gains == names.map { traded.accuracy(system: stepwise, userPrompt: user, task: $0) - traded.accuracy(system: plainSystem, userPrompt: user, task: $0) })
        #expect(gains.allSatisfy { $0 >= -0.15 - 1e-9 && $0 <= 0.45 + 1e-9 }, "\(gains)")
        #expect(gains.contains { $0 > 0.01 } && gains.contains { $0 < -0.01 }, "\(gains)")
    }

    @Test func optimizerRequestsAreRecognisedAndAnsweredInShape() {
        let sim = behaviour(.init(malformedOptimizerShare: 0))
        let task = Self.tasks[1]
        let system = "You are a helpful assistant."
        let examples = "<Example>\nSystem prompt:\n\(system)\n…\n</Example>"
        let p = Self.prompts

        let ua = p.userAnalysis.render(["system_prompt": system, "user_prompt": task.userPrompt, "examples": examples])
        #expect(sim.classify(system: p.userAnalysis.system, user: ua) == .userAnalysis)
        #expect(OptimizerReply.tagged(sim.reply(system: p.userAnalysis.system, user: ua, seed: 1).text, tag: "Analysis") != nil)

        let sa = p.systemAnalysis.render(["system_prompt": system, "examples": examples])
        #expect(sim.classify(system: p.systemAnalysis.system, user: sa) == .systemAnalysis)

        var rewrites = Set<String>()
        for seed in Int64(1)...12 {
            let uw = p.userWriter.render(["system_prompt": system, "user_prompt": task.userPrompt, "examples": examples, "analysis": "Too hasty."])
            #expect(sim.classify(system: p.userWriter.system, user: uw) == .userWriter)
            let reply = sim.reply(system: p.userWriter.system, user: uw, seed: seed)
            switch OptimizerReply.userPrompt(reply.text, parent: task.userPrompt) {
            case .success(let text):
                #expect(text.contains("<Question>{question}</Question>"))
                rewrites.insert(text)
            case .failure(let why):
                Issue.record("user rewrite rejected: \(why.reason)\n\(reply.text)")
            }

            let sw = p.systemWriter.render(["system_prompt": system, "analysis": "Too hasty."])
            #expect(sim.classify(system: p.systemWriter.system, user: sw) == .systemWriter)
            let sreply = sim.reply(system: p.systemWriter.system, user: sw, seed: seed)
            if case .failure(let why) = OptimizerReply.systemPrompt(sreply.text, parent: system) {
                Issue.record("system rewrite rejected: \(why.reason)\n\(sreply.text)")
            }
        }
        // Different sample seeds explore different rewrites.
        #expect(rewrites.count >= 3, "\(rewrites.count) distinct rewrites")
    }

    @Test func aShareOfOptimizerRepliesIsMalformed() {
        let sim = behaviour(.init(malformedOptimizerShare: 0.3))
        let p = Self.prompts
        let uw = p.userWriter.render(["system_prompt": "S", "user_prompt": Self.tasks[0].userPrompt, "examples": "", "analysis": "A"])
        var malformed = 0
        for seed in Int64(0)..<300 {
            let reply = sim.reply(system: p.userWriter.system, user: uw, seed: seed)
            if case .failure = OptimizerReply.userPrompt(reply.text, parent: Self.tasks[0].userPrompt) {
                malformed += 1
                #expect(reply.malformed)
            }
        }
        #expect(malformed > 60 && malformed < 120, "\(malformed)/300 malformed")
    }

    @Test func rewritesRoundTripAFeature() {
        let sim = behaviour()
        let base = "You are a helpful assistant."
        let added = sim.rewrite(base, isUserPrompt: false, salt: 0)
        #expect(added != base)
        // Rewriting again eventually drops what was added or adds another; never
        // loses the original text.
        for salt in UInt64(0)..<20 {
            #expect(sim.rewrite(added, isUserPrompt: false, salt: salt).hasPrefix("You are a helpful assistant."))
        }
    }
}
