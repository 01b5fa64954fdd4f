import SPOModels
import Testing

@Suite struct SlotPoolTests {
    @Test func waitersAreServedInArrivalOrder() async throws {
        let pool = SlotPool(capacities: [1])
        _ = try await pool.acquire()
        let order = OrderLog()
        var tasks: [Task<Void, any Error>] = []
        for i in 0..<5 {
            tasks.append(Task {
                let slot = try await pool.acquire()
                await order.add(i)
                await pool.release(slot)
            })
            // Let each task queue before the next one starts.
            while await pool.waiting < i + 1 { await Task.yield() }
        }
        await pool.release(0)
        for t in tasks { try await t.value }
        #expect(await order.items == [0, 1, 2, 3, 4])
        #expect(await pool.currentInFlight == [0])
    }

    @Test func aCancelledWaiterLeavesWithoutTakingASlot() async throws {
        let pool = SlotPool(capacities: [1])
        _ = try await pool.acquire()
        let waiter = Task { try await pool.acquire() }
        while await pool.waiting < 1 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await pool.waiting == 0)
        await pool.release(0)
        #expect(await pool.currentInFlight == [0])
        // The slot is still there for the next one.
        #expect(try await pool.acquire() == 0)
    }

    @Test func anAlreadyCancelledTaskDoesNotQueue() async throws {
        let pool = SlotPool(capacities: [1])
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await pool.currentInFlight == [0])
    }

    @Test func picksTheLeastLoadedEndpoint() async throws {
        let pool = SlotPool(capacities: [3, 3])
        var picks: [Int] = []
        for _ in 0..<6 { picks.append(try await pool.acquire()) }
        #expect(picks.sorted() == [0, 0, 0, 1, 1, 1])
        #expect(await pool.currentInFlight == [3, 3])
        #expect(await pool.peakInFlight == 6)
    }

    @Test func aRetryAvoidsTheEndpointThatFailed() async throws {
        let pool = SlotPool(capacities: [2, 2])
        for _ in 0..<4 {
            let slot = try await pool.acquire(avoiding: 0)
            #expect(slot == 1)
            await pool.release(slot)
        }
        // Only the avoided endpoint is free: take it rather than wait.
        let busy = try await pool.acquire(avoiding: 0)
        _ = try await pool.acquire(avoiding: 0)
        #expect(busy == 1)
        #expect(try await pool.acquire(avoiding: 0) == 0)
    }

    @Test func anUnreachableEndpointRestsWhileAnotherServes() async throws {
        let pool = SlotPool(capacities: [1, 1])
        // Five failures in a row: a 16 s rest, longer than this test on any machine.
        for _ in 0..<5 { await pool.report(0, reachable: false) }
        #expect(await pool.resting == [0])
        // The resting one is free, the other is not: wait for the other.
        let held = try await pool.acquire()
        #expect(held == 1)
        let waiter = Task { try await pool.acquire() }
        while await pool.waiting < 1 {
            // Never spin forever: a waiter that got a slot at once is a failure.
            try #require(await pool.currentInFlight == [0, 1], "the waiter took the resting endpoint")
            await Task.yield()
        }
        await pool.release(held)
        #expect(try await waiter.value == 1)
        await pool.release(1)
        // A reply of any kind ends the rest.
        await pool.report(0, reachable: true)
        #expect(await pool.resting.isEmpty)
        var picks: [Int] = []
        for _ in 0..<4 {
            let slot = try await pool.acquire()
            picks.append(slot)
            await pool.release(slot)
        }
        #expect(picks.sorted() == [0, 0, 1, 1])
    }

    @Test func whenEveryEndpointRestsTheOneFailingLeastServes() async throws {
        let pool = SlotPool(capacities: [1, 1])
        for _ in 0..<5 { await pool.report(0, reachable: false) }
        for _ in 0..<3 { await pool.report(1, reachable: false) }
        #expect(await pool.resting == [0, 1])
        for _ in 0..<3 {
            let slot = try await pool.acquire()
            #expect(slot == 1)
            await pool.release(slot)
        }
        // A single endpoint never rests: there is nowhere else to go.
        let lone = SlotPool(capacities: [1])
        await lone.report(0, reachable: false)
        #expect(await lone.resting.isEmpty)
    }

    @Test func sequentialRequestsRotateOverReplicas() async throws {
        let pool = SlotPool(capacities: [1, 1, 1])
        var picks: [Int] = []
        for _ in 0..<6 {
            let slot = try await pool.acquire()
            picks.append(slot)
            await pool.release(slot)
        }
        #expect(picks.sorted() == [0, 0, 1, 1, 2, 2])
    }

    @Test func manyTasksNeverExceedTheLimit() async throws {
        let semaphore = AsyncSemaphore(permits: 4)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try await semaphore.withPermit {
                        await gauge.enter()
                        try await Task.sleep(for: .milliseconds(1))
                        await gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.peak == 4)
        #expect(await semaphore.peakInFlight == 4)
    }
}

actor OrderLog {
    private(set) var items: [Int] = []
    func add(_ i: Int) { items.append(i) }
}

actor Gauge {
    private var now = 0
    private(set) var peak = 0
    func enter() {
        now += 1
        peak = max(peak, now)
    }
    func leave() { now -= 1 }
}
