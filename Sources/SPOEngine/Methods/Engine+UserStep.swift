import SPOCore

extension Engine {
    /// One user-prompt step for a task, as APE, ProTeGi and MetaSPO's
    /// resample and evolve inner steps take it: the hand-written prompts
    /// waiting for the task and the ones `draft` writes, the unpruned of them
    /// scored on train under the current system prompt, the task's top-k kept.
    func userStep(task: SPOTask, draft: () async throws -> [String]) async throws {
        var newIDs = search.manualUsers[task.name] ?? []
        search.manualUsers[task.name] = []
        newIDs += try await draft()
        try await checkpoint()
        let nodes = newIDs.filter { search.candidates[$0]?.pruned == false }.map { NodeRef(system: search.currentSystem, user: $0, task: task.name) }
        try await evaluate(nodes, split: .train)
        selectUsers(task: task.name, adding: newIDs)
    }
}
