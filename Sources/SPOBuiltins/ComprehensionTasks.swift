import SPOCore

/// Grounded reading: answers are spans of a generated passage, table or memo.
enum ComprehensionTasks {
    static let all: [BuiltinTaskFamily] = [
        PassageQATask.family,
        ScheduleLookupTask.family,
        MemoQATask.family,
    ]
}
