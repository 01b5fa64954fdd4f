/// A fingerprint of what a task asks and scores: its examples (questions,
/// gold answers, choices), user prompt, answer kind and metric. A session
/// records one per task so `resume` can tell that a task file changed since
/// the run started (issue 19): cached answers and logged scores would then
/// belong to other questions.
///
/// ```swift
/// TaskDigest.of(task)   // "3f1a…" (SHA-256, hex)
/// ```
public enum TaskDigest {
    public static func of(_ task: SPOTask) -> String {
        var h = SHA256()
        // Unit and record separators keep fields apart, so no two contents share bytes.
        func add(_ s: String) { h.update(Array(s.utf8) + [0x1F]) }
        add(task.userPrompt)
        add(task.answerKind.description)
        add(task.metric.rawValue)
        for (split, pool) in [(Split.train, task.trainPool), (.test, task.testPool)] {
            add(split.rawValue)
            for e in pool {
                add(e.question)
                for a in e.answers { add(a) }
                for c in e.choices ?? [] { add("choice:" + c) }
                h.update([0x1E])
            }
        }
        return h.finalizeHex()
    }

    /// The tasks whose digest differs from the one recorded (`recorded`: name
    /// → digest); tasks not recorded are not judged.
    public static func changed(_ tasks: [SPOTask], recorded: [String: String]) -> [SPOTask] {
        tasks.filter { t in recorded[t.name].map { $0 != of(t) } ?? false }
    }
}
