import SPOCore
import SPODashboard
import Testing

struct ReplayPlayerTests {
    func start(speed: Double = 1) async throws -> (ReplayPlayer, DashboardState) {
        var state = DashboardState(mode: .replay, size: Size(width: 100, height: 30))
        state.ui.replay = ReplayControls(speed: speed)
        return (ReplayPlayer(records: try await Fixture.records()), state)
    }

    @Test func playsAtTheRecordedPaceTimesTheSpeed() async throws {
        var (player, state) = try await start(speed: 2)
        // The fixture's events are 0.75 s apart from t = 0.75, where the clock
        // starts: 3 s of wall time at 2x reach t = 6.75, the 9th event.
        _ = player.advance(&state, wallSeconds: 3)
        #expect(player.next == 9)
        #expect(state.ui.replay.position == 9)
        state.ui.replay.paused = true
        _ = player.advance(&state, wallSeconds: 100)
        #expect(player.next == 9)
    }

    @Test func instantPlaysEverything() async throws {
        var (player, state) = try await start(speed: .infinity)
        _ = player.advance(&state, wallSeconds: 0.01)
        #expect(player.isAtEnd)
        #expect(state.run.finished)
    }

    @Test func stepAndSeekByIteration() async throws {
        var (player, state) = try await start()
        player.step(&state)
        #expect(player.next == 1)
        player.seek(iterations: 1, &state)
        #expect(state.run.iteration == 1 && state.run.phase == .inner)
        player.seek(iterations: 1, &state)
        #expect(state.run.iteration == 2)
        let atTwo = player.next
        player.seek(iterations: -1, &state)
        #expect(state.run.iteration == 1 && player.next < atTwo)
        // Going back folds again from the start: the same state as a plain fold,
        // and the same log lines (none left over from the later events).
        let plain = RunModel(folding: player.records.prefix(player.next))
        #expect(state.run == plain)
        var fresh = DashboardState(mode: .replay)
        fresh.apply(player.records.prefix(player.next))
        #expect(state.log == fresh.log && !state.log.isEmpty)
    }

    /// `[` inside an iteration goes back to its start; at its start, to the one before.
    @Test func backOnceToThisIterationTwiceToThePrevious() async throws {
        var (player, state) = try await start()
        player.seek(iterations: 1, &state)
        player.seek(iterations: 1, &state)
        let startOfTwo = player.next
        for _ in 0..<3 { player.step(&state) }
        #expect(player.next == startOfTwo + 3)
        player.seek(iterations: -1, &state)
        #expect(player.next == startOfTwo && state.run.iteration == 2)
        player.seek(iterations: -1, &state)
        #expect(state.run.iteration == 1 && player.next < startOfTwo)
        // Iteration 0 is as far back as it goes.
        for _ in 0..<3 { player.seek(iterations: -1, &state) }
        #expect(state.run.iteration == 0 && player.next > 0)
        #expect(state.run == RunModel(folding: player.records.prefix(player.next)))
    }

    @Test func speedKeysStepThroughTheLadder() {
        var c = ReplayControls(speed: 1)
        c.faster()
        #expect(c.speed == 2)
        for _ in 0..<20 { c.faster() }
        #expect(c.speed.isInfinite && c.speedLabel == "instant")
        c.slower()
        #expect(c.speed == 100)
        for _ in 0..<20 { c.slower() }
        #expect(c.speed == 0.5 && c.speedLabel == "0.5x")
    }
}
