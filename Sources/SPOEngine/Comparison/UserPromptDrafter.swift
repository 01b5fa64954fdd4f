public import SPOCore

/// Chooses the user prompts each unseen task is evaluated with: the task's own
/// prompt (`P0`), then prompts from a `UserPromptSet` (a file given or saved
/// earlier), and, when those are too few, new ones drawn APE-style from the
/// task's own prompt by a `PromptResampler` and added to the set for next time.
public struct UserPromptDrafter: Sendable {
    public struct Outcome: Sendable {
        /// The set with any new prompts added.
        public var set: UserPromptSet
        /// Per task, in evaluation order (`P0` first).
        public var prompts: [String: [UnseenReport.UserPrompt]]
        /// New prompts drawn per task (absent: none).
        public var generated: [String: Int]
        /// Optimizer requests sent.
        public var calls: Int
        /// Tasks that got fewer prompts than asked (the optimizer's replies kept failing).
        public var short: [String: Int]
    }

    /// Prompts per task, the task's own included; nil: the task's own and all
    /// those stored, none drawn.
    public var count: Int?
    /// Draws new prompts; nil when none may be drawn.
    public var resampler: PromptResampler?
    /// Recorded as `generated_by` for new prompts.
    public var optimizerName: String?

    public init(count: Int?, resampler: PromptResampler? = nil, optimizerName: String? = nil) {
        self.count = count.map { max(1, $0) }
        self.resampler = resampler
        self.optimizerName = optimizerName
    }

    /// The stored prompts of a task usable with it (its own prompt left out).
    static func stored(_ task: SPOTask, in set: UserPromptSet) -> [String] {
        let own = OptimizerReply.normalized(task.userPrompt)
        var seen = Set([own])
        return (set.tasks[task.name]?.prompts ?? []).filter { seen.insert(OptimizerReply.normalized($0)).inserted }
    }

    /// Whether any task needs new prompts drawn (so an optimizer is needed).
    public func needsGeneration(_ tasks: [SPOTask], existing: UserPromptSet) -> Bool {
        guard let count else { return false }
        return tasks.contains { Self.stored($0, in: existing).count < count - 1 }
    }

    public func prepare(_ tasks: [SPOTask], existing: UserPromptSet) async throws -> Outcome {
        var set = existing
        var prompts: [String: [UnseenReport.UserPrompt]] = [:]
        var generated: [String: Int] = [:]
        var short: [String: Int] = [:]
        var calls = 0
        for task in tasks {
            var stored = Self.stored(task, in: set)
            let wanted = count.map { $0 - 1 } ?? stored.count
            if stored.count < wanted, let resampler {
                // Slots already in the file keep their sample indices; new ones continue after them.
                let outcome = try await resampler.resample(
                    task.userPrompt, count: wanted - stored.count,
                    baseSampleIndex: stored.count * resampler.slotStride, avoiding: stored)
                calls += outcome.calls
                let fresh = outcome.variants.map(\.text)
                if !fresh.isEmpty {
                    generated[task.name] = fresh.count
                    stored += fresh
                    var entry = set.tasks[task.name] ?? UserPromptSet.Entry(prompts: [])
                    entry.prompts = stored
                    if entry.generatedBy == nil { entry.generatedBy = optimizerName }
                    set.tasks[task.name] = entry
                }
            }
            let origin = set.tasks[task.name]?.generatedBy != nil ? "generated" : "file"
            let chosen = Array(stored.prefix(wanted))
            if chosen.count < wanted { short[task.name] = chosen.count + 1 }
            prompts[task.name] = [UnseenReport.UserPrompt(id: "P0", origin: "task", text: task.userPrompt)]
                + chosen.enumerated().map { UnseenReport.UserPrompt(id: "P\($0.offset + 1)", origin: origin, text: $0.element) }
        }
        return Outcome(set: set, prompts: prompts, generated: generated, calls: calls, short: short)
    }
}
