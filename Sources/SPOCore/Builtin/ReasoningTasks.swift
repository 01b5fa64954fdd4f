/// Built-in task families (filled in by the task-suite work).
enum ReasoningTasks {
    static let all: [BuiltinTaskFamily] = []
}
