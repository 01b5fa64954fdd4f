/// Built-in task families (filled in by the task-suite work).
enum ComprehensionTasks {
    static let all: [BuiltinTaskFamily] = []
}
