import SPOCore

/// Safety classification: harmful requests and prompt injections (yes/no, macro-F1).
enum SafetyTasks {
    static let all: [BuiltinTaskFamily] = [
        HarmfulRequestsTask.family,
        PromptInjectionTask.family,
    ]
}
