/// Request slots over one or more endpoints: at most `capacities[i]` requests in
/// flight on endpoint `i`. A request takes the endpoint with the fewest in flight
/// (replicas share the load); when all are full it waits in FIFO order. A waiter
/// whose task is cancelled leaves the queue at once with `CancellationError`, and
/// no slot is lost or handed out twice.
///
/// An endpoint that could not be reached rests: while it does, requests wait for
/// the others rather than spend their retries on it, and its rest doubles with
/// each failure in a row (1 s up to 30 s). Free endpoints with fewer failures
/// in a row are always taken first. When every endpoint rests, the one with
/// the fewest failures in a row serves (of those, one that has answered before),
/// so a lone server is never shut out.
public actor SlotPool {
    public let capacities: [Int]
    private var inFlight: [Int]
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Int, any Error>)] = []
    private var head = 0
    private var nextID: UInt64 = 0
    private var rotation = 0
    /// Transport failures in a row per endpoint, and when its rest ends.
    private var failuresInARow: [Int]
    private var restingUntil: [ContinuousClock.Instant?]
    private var answeredBefore: [Bool]
    /// Endpoints that refused a connection at least once.
    private var refusedBefore: [Bool]
    /// Most requests ever in flight at once (all endpoints), for stats and benchmarks.
    public private(set) var peakInFlight = 0

    public init(capacities: [Int]) {
        precondition(!capacities.isEmpty && capacities.allSatisfy { $0 > 0 }, "every endpoint needs at least one slot")
        self.capacities = capacities
        inFlight = Array(repeating: 0, count: capacities.count)
        failuresInARow = Array(repeating: 0, count: capacities.count)
        restingUntil = Array(repeating: nil, count: capacities.count)
        answeredBefore = Array(repeating: false, count: capacities.count)
        refusedBefore = Array(repeating: false, count: capacities.count)
    }

    /// Records how an attempt on `endpoint` went: `reachable` is false when the
    /// connection failed (refused, reset, timed out), true when any HTTP reply
    /// came; `refused` when the connection was refused outright.
    public func report(_ endpoint: Int, reachable: Bool, refused: Bool = false) {
        if reachable { answeredBefore[endpoint] = true } else if refused { refusedBefore[endpoint] = true }
        guard capacities.count > 1 else { return }
        if reachable {
            failuresInARow[endpoint] = 0
            restingUntil[endpoint] = nil
        } else {
            failuresInARow[endpoint] += 1
            let seconds = min(30, 1 << min(failuresInARow[endpoint] - 1, 5))
            restingUntil[endpoint] = .now + .seconds(seconds)
        }
    }

    /// True when every endpoint has refused a connection and none ever
    /// answered: nothing listens where the config points (a typo, a server
    /// not started), as opposed to a server that went away mid-run.
    public var nothingListens: Bool { !answeredBefore.contains(true) && !refusedBefore.contains(false) }

    /// Endpoints resting now (unreachable lately), for stats and tests.
    public var resting: [Int] { capacities.indices.filter(isResting) }

    /// Requests in flight per endpoint now.
    public var currentInFlight: [Int] { inFlight }
    /// Tasks waiting for a slot now.
    public var waiting: Int { waiters.count - head }

    /// Waits for a slot and returns the index of its endpoint. Pair every
    /// successful `acquire` with `release(endpoint)`.
    /// - Parameter avoiding: an endpoint that just failed; another free one is
    ///   preferred, so a retry moves to a healthy replica when there is one.
    public func acquire(avoiding: Int? = nil) async throws -> Int {
        try Task.checkCancellation()
        if head == waiters.count, let index = leastLoadedFree(avoiding: avoiding) {
            take(index)
            return index
        }
        let id = nextID
        nextID += 1
        return try await withTaskCancellationHandler {
            // Runs synchronously on this actor, so a cancellation that races the
            // registration is either seen here or finds the entry in `cancel`.
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancel(id: id) }
        }
    }

    /// Frees a slot of `endpoint`; the oldest waiter, if any, gets it directly.
    public func release(_ endpoint: Int) {
        precondition(inFlight[endpoint] > 0, "release without acquire")
        inFlight[endpoint] -= 1
        guard head < waiters.count else { return }
        // The freed slot goes to the oldest waiter unless its endpoint rests
        // while another serves: then the waiter waits for that one's slot.
        guard let chosen = leastLoadedFree(avoiding: nil) else { return }
        let next = waiters[head]
        head += 1
        if head > 64, head * 2 > waiters.count {
            waiters.removeFirst(head)
            head = 0
        }
        take(chosen)
        next.continuation.resume(returning: chosen)
    }

    private func take(_ index: Int) {
        inFlight[index] += 1
        peakInFlight = max(peakInFlight, inFlight.reduce(0, +))
    }

    private func isResting(_ i: Int) -> Bool {
        guard let until = restingUntil[i] else { return false }
        return until > .now
    }

    /// The free endpoint with the fewest in flight among those that may serve
    /// now; ties go round-robin so sequential requests spread over replicas too.
    /// Nil when none is free, or when only resting ones are free while another
    /// endpoint is well (full): its slot is worth the wait.
    private func leastLoadedFree(avoiding: Int?) -> Int? {
        let n = inFlight.count
        let resting = (0..<n).map(isResting)
        let eligible: [Bool]
        if resting.contains(false) {
            eligible = resting.map { !$0 }
        } else {
            // Fewest failures in a row; of those, one that has answered before.
            let rank = (0..<n).map { failuresInARow[$0] * 2 + (answeredBefore[$0] ? 0 : 1) }
            let best = rank.min() ?? 0
            eligible = rank.map { $0 == best }
        }
        // Fewest failures in a row first (a replica back from its rest is tried
        // after the well ones), then not the one that just failed, then load.
        func key(_ i: Int) -> (Int, Int, Int) { (failuresInARow[i], i == avoiding ? 1 : 0, inFlight[i]) }
        var best: Int?
        for step in 0..<n {
            let i = (rotation + step) % n
            guard eligible[i], inFlight[i] < capacities[i] else { continue }
            if let b = best, key(i) >= key(b) { continue }
            best = i
        }
        if best != nil { rotation = (rotation + 1) % n }
        return best
    }

    private func cancel(id: UInt64) {
        guard let index = waiters[head...].firstIndex(where: { $0.id == id }) else { return }
        let entry = waiters.remove(at: index)
        entry.continuation.resume(throwing: CancellationError())
    }
}

/// A counting semaphore with FIFO waiters and cancellation-safe waiting: a
/// `SlotPool` over a single endpoint.
public struct AsyncSemaphore: Sendable {
    private let pool: SlotPool

    public init(permits: Int) { pool = SlotPool(capacities: [permits]) }

    public func acquire() async throws { _ = try await pool.acquire() }
    public func release() async { await pool.release(0) }

    /// Runs `body` holding a permit, releasing it however `body` ends.
    public func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    public var peakInFlight: Int { get async { await pool.peakInFlight } }
}
