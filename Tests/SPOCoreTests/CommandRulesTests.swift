import SPOCore
import Testing

/// The pin and prune rules the engine applies and the dashboard checks.
struct CommandRulesTests {
    @Test func pinNeedsALivingCandidate() {
        #expect(CommandRules.refusePin(exists: false, pruned: false) == .noSuchCandidate)
        #expect(CommandRules.refusePin(exists: true, pruned: true) == .pruned)
        #expect(CommandRules.refusePin(exists: true, pruned: false) == nil)
    }

    @Test func pruneKeepsOneSystemPromptAndOneUserPromptPerTask() {
        let kept = ["navigate": ["U2"], "dates": ["U3", "U4"]]
        func refuse(_ kind: CandidateKind?, _ task: String?, _ id: String) -> CommandRules.Refusal? {
            CommandRules.refusePrune(kind: kind, task: task, id: id, currentSystem: "S2", kept: kept)
        }
        #expect(refuse(nil, nil, "S9") == .noSuchCandidate)
        #expect(refuse(.system, nil, "S2") == .currentSystem)
        #expect(refuse(.system, nil, "S1") == nil)
        #expect(refuse(.user, "navigate", "U2") == .onlyKeptUser(task: "navigate"))
        #expect(refuse(.user, "dates", "U3") == nil)
        // A user prompt that is not kept can always go.
        #expect(refuse(.user, "navigate", "U7") == nil)
        #expect(CommandRules.Refusal.onlyKeptUser(task: "navigate").reason == "it is the only kept user prompt of navigate")
        #expect(CommandRules.Refusal.currentSystem.reason == "it is the current system prompt; pin another one first")
    }
}
