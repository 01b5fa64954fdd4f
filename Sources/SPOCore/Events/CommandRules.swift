/// When a `pin` or a `prune` cannot be carried out, decided once: the engine
/// applies these rules (and logs a `command_refused` with the reason), and the
/// dashboard checks the same rules before it sends a command, so a key the
/// engine would refuse is answered at once with the same words.
///
/// ```swift
/// CommandRules.refusePrune(kind: .system, task: nil, id: "S1", currentSystem: "S1", kept: [:])?.reason
/// // "it is the current system prompt; pin another one first"
/// ```
public enum CommandRules {
    public enum Refusal: Sendable, Hashable {
        case noSuchCandidate
        case pruned
        case currentSystem
        case onlyKeptUser(task: String)

        /// For a person, after "`command` `id`: ".
        public var reason: String {
            switch self {
            case .noSuchCandidate: "no such candidate"
            case .pruned: "it is pruned"
            case .currentSystem: "it is the current system prompt; pin another one first"
            case .onlyKeptUser(let task): "it is the only kept user prompt of \(task)"
            }
        }
    }

    /// A pin needs a candidate that is not pruned (pinning twice is harmless).
    public static func refusePin(exists: Bool, pruned: Bool) -> Refusal? {
        guard exists else { return .noSuchCandidate }
        return pruned ? .pruned : nil
    }

    /// A prune may take neither the system prompt in use nor a task's last
    /// kept user prompt: the search always has one of each. `kind` nil: no
    /// such candidate.
    public static func refusePrune(kind: CandidateKind?, task: String?, id: String, currentSystem: String?, kept: [String: [String]]) -> Refusal? {
        guard let kind else { return .noSuchCandidate }
        switch kind {
        case .system: return id == currentSystem ? .currentSystem : nil
        case .user: return task.flatMap { kept[$0] == [id] ? .onlyKeptUser(task: $0) : nil }
        }
    }
}
