/// Built-in task families (filled in by the task-suite work).
enum ReviewTasks {
    static let all: [BuiltinTaskFamily] = []
}
