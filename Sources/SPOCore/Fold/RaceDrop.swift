/// Where a race dropped a candidate: its score stands on the examples it had
/// been scored on by then, not on a full evaluation.
public struct RaceDrop: Sendable, Hashable {
    /// `inner` or `outer` (or a method's own word).
    public var phase: PhaseName
    /// The task of an inner-loop race.
    public var task: String?
    public var iteration: Int
    public var round: Int
    /// Examples it had been scored on, of a full evaluation's.
    public var n: Int
    public var of: Int

    public init(_ race: EngineEvent.Race) {
        phase = race.phase
        task = race.task
        iteration = race.iteration
        round = race.round
        n = race.n
        of = race.of
    }

    /// "dropped by the outer race in round 1, after 23 of 180 examples".
    public var sentence: String {
        let race = task.map { "the \(phase) race on \($0)" } ?? "the \(phase) race"
        return "dropped by \(race) in round \(round), after \(n) of \(of) examples"
    }
}
