import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

/// The real `metaspo` binary, start to finish, against the simulated endpoint.
/// Serialized: each test runs child processes, and the machine has two cores.
@Suite(.serialized) struct EndToEndRunTests {
    /// How long before the kill a reply must have gone out to count as a
    /// completed call: the client still has to read it and commit it to the
    /// response cache, which a SIGKILL in between loses (so it is asked again).
    static let cacheCommitGrace: Duration = .milliseconds(250)

    /// Runs `body` with a fresh simulated endpoint, stopped afterwards however `body` ends.
    static func withSimulator<T>(_ body: (SimulatedEndpoint) async throws -> T) async throws -> T {
        let sim = try await SimulatedEndpoint.start(
            builtin: RunFixture.allTasks, settings: .init(malformedOptimizerShare: 0.15),
            options: .init(baseLatency: 0.002, optimizerLatency: 0.005))
        do {
            let result = try await body(sim)
            await sim.stop()
            return result
        } catch {
            await sim.stop()
            throw error
        }
    }

    @Test func headlessRunWritesSessionSummaryAndPrompt() async throws {
        let scratch = ScratchDir("run")
        try await Self.withSimulator { sim in try await headlessRun(sim, scratch) }
    }

    func headlessRun(_ sim: SimulatedEndpoint, _ scratch: ScratchDir) async throws {
        let sessions = scratch.folder("sessions")
        let started = ContinuousClock.now
        let exit = try await MetaspoChild.run(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions), home: scratch.path, label: "run")
        let elapsed = ContinuousClock.now - started
        try #require(exit.status == 0 && !exit.signalled, "\(RunFixture.describe(exit))")

        let path = try #require(RunFixture.sessionFile(in: sessions), "no session in \(sessions)")
        let facts = try SessionFacts(path: path)
        facts.expectContiguousSeq("run")
        #expect(facts.finished == 1)
        #expect(facts.resumed == 0)
        #expect(facts.session.truncatedTail == nil)

        // The three files beside the session.
        let stem = (path as NSString).deletingPathExtension
        for suffix in [".summary.md", ".summary.json", ".prompt.txt"] {
            #expect(FileManager.default.fileExists(atPath: stem + suffix), "missing \(stem + suffix)")
        }
        let best = try #require(facts.bestSystemText, "run_finished names no known best system prompt")
        let promptFile = try String(contentsOfFile: stem + ".prompt.txt", encoding: .utf8)
        #expect(promptFile.trimmingCharacters(in: .newlines) == best)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stem + ".summary.json")))
        #expect(summary is [String: Any])

        // The simulator's counts are the session's.
        let counts = sim.counts
        let base = try #require(facts.lastUsage[.base]), optimizer = try #require(facts.lastUsage[.optimizer])
        #expect(base.calls == counts.base, "usage says \(base.calls) base calls, the endpoint answered \(counts.base)")
        #expect(optimizer.calls == counts.optimizer, "usage says \(optimizer.calls) optimizer calls, the endpoint answered \(counts.optimizer)")
        #expect(base.errors == 0 && optimizer.errors == 0)
        #expect(counts.unknownQuestions == 0, "the simulator did not recognise \(counts.unknownQuestions) questions")
        #expect(counts.other == 0 && counts.faulted == 0)
        // Nothing asked twice within one run (temperature 0, and a fresh cache).
        #expect(sim.repeatedBaseKeys.isEmpty, "\(sim.repeatedBaseKeys.count) base requests were asked more than once")
        #expect(counts.distinctBase == counts.base)
        // The optimizer did its part: rewrites were made and evaluated.
        let rewrites = facts.session.events.filter { if case .candidateCreated(let c) = $0.event { c.origin == .rewrite } else { false } }
        #expect(rewrites.count >= 4, "only \(rewrites.count) rewritten candidates")
        // The simulated optimizer's rewrites carry a learnable signal: the outer loop should take one.
        #expect(best != facts.candidateTexts["S1"], "the run kept its initial system prompt")
        #expect(elapsed < .seconds(60), "the run took \(elapsed)")
        print("e2e run: \(facts.session.events.count) events, \(counts.base) base + \(counts.optimizer) optimizer calls (\(counts.malformedOptimizer) malformed), \(elapsed)")
    }

    /// SIGTERM stops cleanly: the calls in flight finish and reach the cache, so
    /// the resume asks the endpoint nothing it was asked before, not even at the edge.
    /// Issue 19, defect 5: Ctrl-C on a headless run whose stderr is a pipe nobody
    /// reads any more (`2>&1 | tee run.log` after tee quit) stops cleanly: exit
    /// 3 and a `stopped` event, not a trap in the runtime (SIGILL, exit 132).
    @Test func ctrlCWithStderrToAClosedPipeStopsCleanly() async throws {
        let scratch = ScratchDir("epipe")
        try await Self.withSimulator { sim in
            let sessions = scratch.folder("sessions")
            let pipe = Pipe()
            let child = try MetaspoChild(
                RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions), home: scratch.path, env: ["XDG_CACHE_HOME": scratch.folder("cache")],
                label: "epipe", standardError: pipe.fileHandleForWriting)
            // The reader goes away: every later write to stderr meets EPIPE.
            try pipe.fileHandleForReading.close()
            try pipe.fileHandleForWriting.close()
            var path: String?
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline, child.process.isRunning {
                if path == nil { path = RunFixture.sessionFile(in: sessions) }
                if let p = path, RunFixture.completeEventLines(p) >= 40 { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            child.interrupt()
            let exit = await child.wait()
            #expect(exit.status == 3 && !exit.signalled, "exit \(exit.status), signalled \(exit.signalled)")
            let session = try #require(path)
            let facts = try SessionFacts(path: session)
            #expect(facts.session.events.contains { if case .stopped = $0.event { true } else { false } })
        }
    }

    @Test func stoppedRunResumesWithoutAskingAnythingAgain() async throws {
        let scratch = ScratchDir("stop")
        let (reference, referenceKeys) = try await Self.referenceRun(scratch)
        let referenceBest = try #require(reference.bestSystemText)
        try await Self.withSimulator { sim in
            let sessions = scratch.folder("sessions")
            let env = ["XDG_CACHE_HOME": scratch.folder("cache")]
            let child = try MetaspoChild(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions), home: scratch.path, env: env, label: "stopped")
            let target = reference.session.events.count * 2 / 5
            var path: String?
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline, child.process.isRunning {
                if path == nil { path = RunFixture.sessionFile(in: sessions) }
                if let p = path, RunFixture.completeEventLines(p) >= target { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            child.terminate()
            let stopped = await child.wait()
            let stoppedAt = ContinuousClock.now
            // Exit code 3: stopped, resumable (RunDriver).
            try #require(stopped.status == 3 && !stopped.signalled, "stop: \(RunFixture.describe(stopped))")
            let session = try #require(path)
            let before = try SessionFacts(path: session)
            let stops = before.session.events.compactMap { if case .stopped(let s) = $0.event { s } else { nil } }
            #expect(stops.count == 1 && stops.first?.resumable == true, "expected one resumable `stopped` event: \(stops)")
            #expect(before.session.truncatedTail == nil)
            let callsBefore = sim.baseCalls

            let resumeStart = ContinuousClock.now
            let resumed = try await MetaspoChild.run(RunFixture.resumeArgs(session: session, baseURL: sim.baseURL), home: scratch.path, env: env, label: "resume")
            try #require(resumed.status == 0, "resume: \(RunFixture.describe(resumed))")
            let facts = try SessionFacts(path: session)
            facts.expectContiguousSeq("stopped and resumed session")
            #expect(facts.finished == 1 && facts.resumed == 1)
            #expect(facts.bestSystemText == referenceBest)

            // Nothing at all is asked again: no grace, nothing excused.
            var ledger = RepeatLedger(grace: .zero)
            ledger.add(callsBefore, killedAt: stoppedAt)
            ledger.add(sim.baseCalls.filter { $0.received >= resumeStart }, killedAt: nil)
            #expect(ledger.repeatedCompleted.isEmpty && ledger.reaskedAfterKill == 0 && ledger.repeatedWithinProcess.isEmpty,
                "after a clean stop \(ledger.repeatedCompleted.count + ledger.reaskedAfterKill) base calls were asked again")
            #expect(Set(sim.baseCalls.map(\.key)) == referenceKeys)
            print("e2e stop: stopped after \(callsBefore.count) base calls and \(before.session.events.count) events; resume asked \(sim.baseCalls.count - callsBefore.count)")
        }
    }

    /// The endpoint fails for a while (429s with Retry-After, 503s, broken JSON):
    /// the run retries through it and still finishes.
    @Test func runRidesOutInjectedFaults() async throws {
        let scratch = ScratchDir("faults")
        try await Self.withSimulator { sim in
            sim.injectFault(.status(429, retryAfter: "0"), count: 4, target: .base)
            sim.injectFault(.status(503), count: 2, target: .optimizer)
            let sessions = scratch.folder("sessions")
            let exit = try await MetaspoChild.run(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions), home: scratch.path, label: "faults")
            try #require(exit.status == 0, "\(RunFixture.describe(exit))")
            let facts = try SessionFacts(path: try #require(RunFixture.sessionFile(in: sessions)))
            facts.expectContiguousSeq("faulted run")
            #expect(facts.finished == 1)
            #expect(sim.counts.faulted == 6)
            let retries = (facts.lastUsage[.base]?.retries ?? 0) + (facts.lastUsage[.optimizer]?.retries ?? 0)
            #expect(retries == 6, "usage counts \(retries) retries for 6 injected faults")
            #expect(facts.warnings.contains { $0.contains("429") }, "no warning event tells of the 429s: \(facts.warnings.prefix(5))")
        }
    }

    /// One uninterrupted run with its own endpoint and cache: what an
    /// interrupted run must come back to. Returns its session and the base requests it made.
    static func referenceRun(_ scratch: ScratchDir) async throws -> (SessionFacts, Set<String>) {
        let refSessions = scratch.folder("reference-sessions")
        let (refExit, referenceKeys) = try await withSimulator { refSim in
            let exit = try await MetaspoChild.run(
                RunFixture.runArgs(baseURL: refSim.baseURL, sessionsDir: refSessions), home: scratch.path,
                env: ["XDG_CACHE_HOME": scratch.folder("reference-cache")], label: "reference")
            #expect(refSim.repeatedBaseKeys.isEmpty)
            return (exit, Set(refSim.baseCalls.map(\.key)))
        }
        try #require(refExit.status == 0, "reference run: \(RunFixture.describe(refExit))")
        let reference = try SessionFacts(path: try #require(RunFixture.sessionFile(in: refSessions)))
        // Otherwise "same final prompt" would hold for a run that never moved.
        #expect(
            reference.bestSystemText != reference.candidateTexts["S1"],
            "the reference run kept its initial system prompt; comparing final prompts proves little")
        return (reference, referenceKeys)
    }

    /// When to send SIGKILL to one process of a run.
    enum KillPoint: Sendable, CustomTestStringConvertible {
        /// Once this share of the events an uninterrupted run writes is in the session.
        case events(Double)
        /// As soon as a resume is catching up with its log: it has been served
        /// from the response cache, and has written nothing yet.
        case catchingUp

        var testDescription: String {
            switch self {
            case .events(let share): "\(Int(share * 100))% of events"
            case .catchingUp: "catching up"
            }
        }
    }

    /// Early (init and first inner loop), the middle, late (outer loop or
    /// test), twice in one run (the second kill hits a resumed process after
    /// it has caught up), and a resume killed while it is still catching up.
    static let killPlans: [[KillPoint]] = [
        [.events(0.15)], [.events(0.4)], [.events(0.75)], [.events(0.3), .events(0.65)], [.events(0.5), .catchingUp],
    ]

    @Test(arguments: killPlans)
    func killedRunResumesToTheSameResultWithoutRepeatingCalls(killAt shares: [KillPoint]) async throws {
        let scratch = ScratchDir("resume")

        let (reference, referenceKeys) = try await Self.referenceRun(scratch)
        let referenceBest = try #require(reference.bestSystemText)

        // 2. The same run with its own endpoint and cache, killed and resumed.
        try await Self.withSimulator { sim in
            try await killAndResume(sim, scratch, shares: shares, reference: reference, referenceBest: referenceBest, referenceKeys: referenceKeys)
        }
    }

    /// One process of the interrupted run: when it started and was killed.
    struct Segment {
        /// The process's ID, which its requests carry (`RequestID`).
        var pid: Int32
        var killedAt: ContinuousClock.Instant?
        var events: Int

        /// Its calls, told apart by the process ID in their request ID: a request
        /// the killed process had sent may be read after the next one started.
        func calls(_ all: [SimulatedEndpoint.BaseCall]) -> [SimulatedEndpoint.BaseCall] {
            all.filter { $0.clientPID == pid }
        }
    }

    func killAndResume(
        _ sim: SimulatedEndpoint, _ scratch: ScratchDir, shares: [KillPoint], reference: SessionFacts, referenceBest: String, referenceKeys: Set<String>
    ) async throws {
        let sessions = scratch.folder("sessions")
        let cacheHome = scratch.folder("cache")
        let env = ["XDG_CACHE_HOME": cacheHome]
        let cachePath = ResponseCache.defaultPath(environment: ["XDG_CACHE_HOME": cacheHome])
        var segments: [Segment] = []
        var path: String?
        let started = ContinuousClock.now

        // Start the run, then kill it (or the resume that follows) at each point.
        for (n, point) in shares.enumerated() {
            let args = path.map { RunFixture.resumeArgs(session: $0, baseURL: sim.baseURL) } ?? RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions)
            let child = try MetaspoChild(args, home: scratch.path, env: env, label: "segment\(n)")
            let eventsBefore = path.map(RunFixture.completeEventLines) ?? 0
            var written = 0
            let deadline = ContinuousClock.now + .seconds(60)
            poll: while ContinuousClock.now < deadline, child.process.isRunning {
                if path == nil { path = RunFixture.sessionFile(in: sessions) }
                switch point {
                case .events(let share):
                    if let p = path {
                        written = RunFixture.completeEventLines(p)
                        if written >= Int(Double(reference.session.events.count) * share) { break poll }
                    }
                case .catchingUp:
                    // Only a resume has cache hits: the first process found nothing there.
                    if let stats = try? await ResponseCache(path: cachePath).stats(), stats.hits > 0 { break poll }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            let killedAt = ContinuousClock.now
            child.kill9()
            let exit = await child.wait()
            try #require(exit.signalled && exit.status == SIGKILL, "process \(n) ended before it could be killed (\(written) events, \(point.testDescription)): \(RunFixture.describe(exit))")
            if path == nil { path = RunFixture.sessionFile(in: sessions) }
            let facts = try SessionFacts(path: try #require(path))
            #expect(facts.finished == 0)
            if case .catchingUp = point {
                #expect(facts.session.events.count == eventsBefore, "the resume was past its catch-up when killed")
            }
            segments.append(Segment(pid: child.pid, killedAt: killedAt, events: facts.session.events.count))
        }
        let session = try #require(path)
        let beforeLastResume = try SessionFacts(path: session)

        // Resume to the end, against the same endpoint and cache.
        let resumed = try await MetaspoChild.run(RunFixture.resumeArgs(session: session, baseURL: sim.baseURL), home: scratch.path, env: env, label: "final")
        try #require(resumed.status == 0, "resume: \(RunFixture.describe(resumed))")
        let elapsed = ContinuousClock.now - started
        let facts = try SessionFacts(path: session)
        segments.append(Segment(pid: resumed.pid, killedAt: nil, events: facts.session.events.count))
        facts.expectContiguousSeq("resumed session")
        #expect(facts.finished == 1)
        // A resume writes `resumed` once it has caught up with its log, before
        // its first new event; one killed while catching up wrote nothing.
        let resumes = zip(segments.dropFirst(), segments).filter { $0.events > $1.events }.count
        #expect(facts.resumed == resumes, "expected \(resumes) `resumed` events, found \(facts.resumed)")
        #expect(!facts.warnings.contains { $0.contains("differs from its log") }, "resume diverged: \(facts.warnings)")
        // Old events stay as they were; new ones continue after them.
        #expect(Array(facts.session.events.prefix(beforeLastResume.session.events.count)) == beforeLastResume.session.events)

        // Same search, same result as the uninterrupted run.
        #expect(facts.bestSystemText == referenceBest, "resumed best:\n\(facts.bestSystemText ?? "nil")\nreference best:\n\(referenceBest)")
        let stem = (session as NSString).deletingPathExtension
        let promptFile = try String(contentsOfFile: stem + ".prompt.txt", encoding: .utf8)
        #expect(promptFile.trimmingCharacters(in: .newlines) == referenceBest)
        let ours = facts.structuralEvents, theirs = reference.structuralEvents
        if let i = ours.indices.first(where: { $0 < theirs.count && ours[$0] != theirs[$0] }) {
            Issue.record("structural event \(i) differs:\n resumed:   \(ours[i])\n reference: \(theirs[i])")
        }
        #expect(ours.count == theirs.count)

        // No completed base call was asked again (see `RepeatLedger` for what
        // counts as completed at a kill).
        let all = sim.baseCalls
        var ledger = RepeatLedger(grace: Self.cacheCommitGrace)
        for segment in segments { ledger.add(segment.calls(all), killedAt: segment.killedAt) }
        #expect(ledger.repeatedCompleted.isEmpty, "\(ledger.repeatedCompleted.count) base calls that had completed before a kill were asked again")
        #expect(ledger.repeatedWithinProcess.isEmpty, "\(ledger.repeatedWithinProcess.count) base calls were asked twice by one process")
        #expect(segments.reduce(0) { $0 + $1.calls(all).count } == all.count, "some base calls belong to no process")
        // Together the processes asked exactly what the uninterrupted run asked.
        #expect(Set(sim.baseCalls.map(\.key)) == referenceKeys)

        // Usage holds running totals across resumes (docs/events.md): what the
        // log held before the last resume plus what the last process asked.
        let base = try #require(facts.lastUsage[.base])
        let before = beforeLastResume.lastUsage[.base]?.calls ?? 0
        let lastCalls = segments.last!.calls(all).count
        #expect(base.calls == before + lastCalls, "usage says \(base.calls) base calls after resume: \(before) before it, and the endpoint answered \(lastCalls)")

        #expect(elapsed < .seconds(60), "kills and resumes took \(elapsed)")
        let story = segments.map { s in
            s.killedAt == nil ? "finished with \(s.calls(all).count) calls" : "killed at \(s.events) events after \(s.calls(all).count) calls"
        }
        print(
            "e2e resume \(shares.map(\.testDescription)): reference \(reference.session.events.count) events, \(referenceKeys.count) base calls; "
                + story.joined(separator: ", ") + "; \(ledger.reaskedAfterKill) calls asked again (\(ledger.reaskedInFlight) in flight at a kill, the others answered at most \(ledger.longestLostReply) before it); \(elapsed)")
    }
}
