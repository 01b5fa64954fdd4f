import SPOCore

/// Claim verification against a given snippet (yes/no, scored with macro-F1).
enum FactCheckingTasks {
    static let all: [BuiltinTaskFamily] = [
        FactCheckPeopleTask.family,
        FactCheckNumbersTask.family,
        FactCheckEventsTask.family,
    ]
}
