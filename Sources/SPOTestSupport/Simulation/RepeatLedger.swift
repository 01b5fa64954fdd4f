/// Checks "no completed base-model call is asked of the endpoint twice" over the
/// processes of one run that is killed and resumed, fed one process at a time
/// with the base calls the `SimulatedEndpoint` answered for it.
///
/// A call counts as completed when its reply went out at least `grace` before
/// the kill: the client still has to read the reply and commit it to its
/// response cache, and a SIGKILL in between loses it. Calls answered later, or
/// still being answered at the kill, never completed and may be asked again.
public struct RepeatLedger: Sendable {
    public let grace: Duration
    private var completed = Set<String>()
    private var excused = Set<String>()
    private var inFlight = Set<String>()
    /// How long before its kill each excused call was answered.
    private var answeredBeforeKill: [String: Duration] = [:]

    /// Calls asked again that had completed before an earlier kill (the defect).
    public private(set) var repeatedCompleted: [SimulatedEndpoint.BaseCall] = []
    /// Calls one process asked twice itself.
    public private(set) var repeatedWithinProcess: [SimulatedEndpoint.BaseCall] = []
    /// Calls asked again that were in flight or just answered at a kill (allowed).
    public private(set) var reaskedAfterKill = 0
    /// Of those, the ones whose reply had not gone out before the kill.
    public private(set) var reaskedInFlight = 0
    /// The longest time between a reply and the kill that lost it (how much of
    /// `grace` was needed).
    public private(set) var longestLostReply: Duration = .zero

    public init(grace: Duration = .milliseconds(250)) {
        self.grace = grace
    }

    /// Adds one process's calls; `killedAt` is nil for a process that ran to its end.
    public mutating func add(_ calls: [SimulatedEndpoint.BaseCall], killedAt: ContinuousClock.Instant?) {
        var seen = Set<String>()
        for c in calls {
            if !seen.insert(c.key).inserted { repeatedWithinProcess.append(c) }
            if completed.contains(c.key) {
                repeatedCompleted.append(c)
            } else if excused.contains(c.key) {
                reaskedAfterKill += 1
                if inFlight.contains(c.key) { reaskedInFlight += 1 }
                longestLostReply = max(longestLostReply, answeredBeforeKill[c.key] ?? .zero)
            }
        }
        guard let killedAt else { return }
        for c in calls {
            if c.answered < killedAt - grace {
                completed.insert(c.key)
            } else {
                excused.insert(c.key)
                if c.answered >= killedAt { inFlight.insert(c.key) } else { answeredBeforeKill[c.key] = killedAt - c.answered }
            }
        }
    }
}
