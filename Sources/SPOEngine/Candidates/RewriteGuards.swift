import SPOCore

/// `PromptGuards` when the run has them on, as a step of reply validation.
struct RewriteGuards: Sendable {
    var checks: PromptGuards?

    /// `text` when it passes every guard (or guards are off), else the rejection.
    func pass(_ text: String, kind: CandidateKind, parent: String) -> Result<String, OptimizerReply.Rejection> {
        if let checks, let why = checks.check(text, kind: kind, parent: parent) { return .failure(why) }
        return .success(text)
    }
}
