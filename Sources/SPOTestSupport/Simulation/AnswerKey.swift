import Foundation
public import SPOCore
import SPOBuiltins

/// The gold answers the simulated endpoint knows: every question of the tasks
/// it serves (train and test pools), with the task it belongs to.
public struct AnswerKey: Sendable {
    struct TaskInfo: Sendable {
        var name: String
        var kind: AnswerKind
        /// Distinct canonical golds of the task, for plausible wrong text answers.
        var golds: [String]
    }

    struct Entry: Sendable {
        var task: Int
        var example: Example
    }

    /// A question found in a base request.
    struct Match: Sendable {
        var task: TaskInfo
        var example: Example
        /// The user message with the question put back as `{question}`: the user
        /// prompt the example was asked with.
        var userTemplate: String
    }

    let tasks: [TaskInfo]
    private let byQuestion: [String: Entry]

    public init(tasks: [SPOTask]) {
        var infos: [TaskInfo] = []
        var map: [String: Entry] = [:]
        for (i, task) in tasks.enumerated() {
            var seen = Set<String>()
            var golds: [String] = []
            for ex in task.trainPool + task.testPool {
                // The first task to claim a question keeps it.
                if map[ex.question] == nil { map[ex.question] = Entry(task: i, example: ex) }
                if seen.insert(ex.answer).inserted { golds.append(ex.answer) }
            }
            infos.append(TaskInfo(name: task.name, kind: task.answerKind, golds: golds))
        }
        self.tasks = infos
        byQuestion = map
    }

    /// The built-in tasks of these names (generated the way `metaspo` generates
    /// them). Throws on a name that is not built in.
    public init(builtin names: [String]) throws(SPOError) {
        var list: [SPOTask] = []
        for name in names {
            guard let task = BuiltinTasks.task(named: name) else {
                throw SPOError("no built-in task named \(name) (built in: \(BuiltinTasks.names.joined(separator: ", ")))")
            }
            list.append(task)
        }
        self.init(tasks: list)
    }

    public var questionCount: Int { byQuestion.count }

    /// Finds the question in a base request's user message: between
    /// `<Question>` and `</Question>` when the prompt has that slot, otherwise
    /// the longest known question the message contains.
    func match(userMessage: String) -> Match? {
        if let open = userMessage.range(of: "<Question>"),
            let close = userMessage.range(of: "</Question>", range: open.upperBound..<userMessage.endIndex)
        {
            let question = String(userMessage[open.upperBound..<close.lowerBound])
            if let entry = byQuestion[question] {
                let template = String(userMessage[..<open.upperBound]) + SPOTask.questionSlot + String(userMessage[close.lowerBound...])
                return Match(task: tasks[entry.task], example: entry.example, userTemplate: template)
            }
        }
        var best: (String, Entry)?
        for (question, entry) in byQuestion where question.count > (best?.0.count ?? 0) && userMessage.contains(question) {
            best = (question, entry)
        }
        guard let (question, entry) = best, let range = userMessage.range(of: question) else { return nil }
        return Match(task: tasks[entry.task], example: entry.example, userTemplate: userMessage.replacingCharacters(in: range, with: SPOTask.questionSlot))
    }
}
