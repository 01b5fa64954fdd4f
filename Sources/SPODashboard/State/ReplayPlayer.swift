public import SPOCore

/// Plays a saved session into a dashboard at its recorded pace times the
/// speed the keys set: events are applied when the replay clock (session time)
/// passes their `t`. Stepping and jumping by iteration work on the same list.
public struct ReplayPlayer: Sendable {
    public let records: [EventRecord]
    /// Index of the next record to apply.
    public private(set) var next = 0
    /// Session time shown so far.
    public private(set) var clock: Double

    public init(records: [EventRecord]) {
        self.records = records
        clock = records.first?.t ?? 0
    }

    public var isAtEnd: Bool { next >= records.count }

    /// Moves the clock on by `wallSeconds` times the speed (unless paused) and
    /// applies every event now due; returns whether the state changed.
    public mutating func advance(_ state: inout DashboardState, wallSeconds: Double) -> Bool {
        state.ui.replay.total = records.count
        guard !state.ui.replay.paused, !isAtEnd else { return sync(&state, changed: false) }
        let speed = state.ui.replay.speed
        if speed.isInfinite {
            apply(upTo: records.count, &state)
            return sync(&state, changed: true)
        }
        let before = clock
        clock += max(0, wallSeconds) * speed
        let start = next
        while next < records.count, records[next].t <= clock {
            state.apply(records[next])
            next += 1
        }
        // The header's elapsed time shows whole seconds.
        return sync(&state, changed: next != start || Int(before) != Int(clock))
    }

    /// Applies one event (the `.` key).
    public mutating func step(_ state: inout DashboardState) {
        guard !isAtEnd else { return }
        state.apply(records[next])
        clock = max(clock, records[next].t)
        next += 1
        _ = sync(&state, changed: true)
    }

    /// Jumps to the start of the next iteration (+1), or back (-1) to the start
    /// of this one, or of the previous one when already at this one's start.
    public mutating func seek(iterations delta: Int, _ state: inout DashboardState) {
        if delta > 0 {
            let current = state.run.iteration
            let target = records[next...].firstIndex { r in
                if case .phaseStarted(let p) = r.event { return p.iteration > current }
                return false
            }
            apply(upTo: target.map { $0 + 1 } ?? records.count, &state)
        } else {
            // Like a player's "previous track": back to the start of this
            // iteration, or, when already there, to the one before.
            func start(of iteration: Int) -> Int? {
                records.firstIndex { r in
                    if case .phaseStarted(let p) = r.event { return p.iteration == iteration }
                    return false
                }.map { $0 + 1 }
            }
            let current = state.run.iteration
            var end = start(of: current) ?? 0
            if next <= end, current > 0 { end = start(of: current - 1) ?? 0 }
            // Folding is one-way: start again and fold up to the target.
            state.run = RunModel()
            state.log = []
            next = 0
            apply(upTo: end, &state)
        }
        _ = sync(&state, changed: true)
    }

    private mutating func apply(upTo end: Int, _ state: inout DashboardState) {
        while next < min(end, records.count) {
            state.apply(records[next])
            next += 1
        }
        clock = next > 0 ? records[next - 1].t : (records.first?.t ?? 0)
    }

    private func sync(_ state: inout DashboardState, changed: Bool) -> Bool {
        state.ui.replay.position = next
        state.ui.replay.total = records.count
        state.ui.clock = clock
        return changed
    }
}
