/// Built-in task families (filled in by the task-suite work).
enum FactCheckingTasks {
    static let all: [BuiltinTaskFamily] = []
}
