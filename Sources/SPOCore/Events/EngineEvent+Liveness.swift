extension EngineEvent {
    /// Whether this event shows the engine at work. A `stopped` run whose log
    /// goes on with such an event was resumed: every fold clears its stopped
    /// state there (issue 19: a resumed run showed "● stopped (resumable)" while
    /// it ran, and its report still said "stopped by user" once it finished).
    /// What a stopping engine writes on its way out (usage totals, a budget
    /// reached, warnings, errors) does not count.
    public var showsTheRunGoingOn: Bool {
        switch self {
        case .stopped, .usage, .budgetReached, .warning, .error, .unknown: false
        default: true
        }
    }
}
