import SPOCore

/// Reasoning families in the spirit of BIG-Bench Hard, generated from scratch.
enum ReasoningTasks {
    static let all: [BuiltinTaskFamily] = [
        ObjectCountingTask.family,
        TrackingShuffledObjectsTask.family,
        LogicalDeductionTask.family,
        NavigateTask.family,
        BooleanExpressionsTask.family,
        DateArithmeticTask.family,
        WebOfLiesTask.family,
        MultistepArithmeticTask.family,
    ]
}
