import Foundation
import SPOCore
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
        let base = try #require(facts.lastUsage["base"]), optimizer = try #require(facts.lastUsage["optimizer"])
        #expect(base.calls == counts.base, "usage says \(base.calls) base calls, the endpoint answered \(counts.base)")
        #expect(optimizer.calls == counts.optimizer, "usage says \(optimizer.calls) optimizer calls, the endpoint answered \(counts.optimizer)")
        #expect(base.errors == 0 && optimizer.errors == 0)
        #expect(counts.unknownQuestions == 0, "the simulator did not recognise \(counts.unknownQuestions) questions")
        #expect(counts.other == 0 && counts.faulted == 0)
        // Nothing asked twice within one run (temperature 0, and a fresh cache).
        #expect(sim.repeatedBaseKeys.isEmpty, "\(sim.repeatedBaseKeys.count) base requests were asked more than once")
        #expect(counts.distinctBase == counts.base)
        // The optimizer did its part: rewrites were made and evaluated.
        let rewrites = facts.session.events.filter { if case .candidateCreated(let c) = $0.event { c.origin == "rewrite" } else { false } }
        #expect(rewrites.count >= 4, "only \(rewrites.count) rewritten candidates")
        // The simulated optimizer's rewrites carry a learnable signal: the outer loop should take one.
        #expect(best != facts.candidateTexts["S1"], "the run kept its initial system prompt")
        #expect(elapsed < .seconds(60), "the run took \(elapsed)")
        print("e2e run: \(facts.session.events.count) events, \(counts.base) base + \(counts.optimizer) optimizer calls (\(counts.malformedOptimizer) malformed), \(elapsed)")
    }

    /// Kill points as shares of the events an uninterrupted run writes: early
    /// (init and first inner loop), the middle, late (outer loop or test), and
    /// twice in one run (the second kill hits a resumed process).
    static let killPlans: [[Double]] = [[0.15], [0.4], [0.75], [0.3, 0.65]]

    @Test(arguments: killPlans)
    func killedRunResumesToTheSameResultWithoutRepeatingCalls(killAt shares: [Double]) async throws {
        let scratch = ScratchDir("resume")

        // 1. The reference: one uninterrupted run, with its own endpoint and cache.
        let refSessions = scratch.folder("reference-sessions")
        let (refExit, referenceKeys) = try await Self.withSimulator { refSim in
            let exit = try await MetaspoChild.run(
                RunFixture.runArgs(baseURL: refSim.baseURL, sessionsDir: refSessions), home: scratch.path,
                env: ["XDG_CACHE_HOME": scratch.folder("reference-cache")], label: "reference")
            #expect(refSim.repeatedBaseKeys.isEmpty)
            return (exit, Set(refSim.baseCalls.map(\.key)))
        }
        try #require(refExit.status == 0, "reference run: \(RunFixture.describe(refExit))")
        let reference = try SessionFacts(path: try #require(RunFixture.sessionFile(in: refSessions)))
        let referenceBest = try #require(reference.bestSystemText)
        // Otherwise "same final prompt" would hold for a run that never moved.
        #expect(referenceBest != reference.candidateTexts["S1"], "the reference run kept its initial system prompt; the comparison below proves little")

        // 2. The same run with its own endpoint and cache, killed and resumed.
        try await Self.withSimulator { sim in
            try await killAndResume(sim, scratch, shares: shares, reference: reference, referenceBest: referenceBest, referenceKeys: referenceKeys)
        }
    }

    /// One process of the interrupted run: when it started and was killed.
    struct Segment {
        var started: ContinuousClock.Instant
        var killedAt: ContinuousClock.Instant?
        var events: Int
        /// When the next process started (processes never overlap).
        var until: ContinuousClock.Instant?

        /// Its calls, told apart by arrival time.
        func calls(_ all: [SimulatedEndpoint.BaseCall]) -> [SimulatedEndpoint.BaseCall] {
            all.filter { call in call.received >= started && (until.map { call.received < $0 } ?? true) }
        }
    }

    func killAndResume(
        _ sim: SimulatedEndpoint, _ scratch: ScratchDir, shares: [Double], reference: SessionFacts, referenceBest: String, referenceKeys: Set<String>
    ) async throws {
        let sessions = scratch.folder("sessions")
        let env = ["XDG_CACHE_HOME": scratch.folder("cache")]
        var segments: [Segment] = []
        var path: String?
        let started = ContinuousClock.now

        // Start the run, then kill it (or the resume that follows) at each share of the events.
        for (n, share) in shares.enumerated() {
            let args = path.map { RunFixture.resumeArgs(session: $0, baseURL: sim.baseURL) } ?? RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions)
            let segmentStart = ContinuousClock.now
            let child = try MetaspoChild(args, home: scratch.path, env: env, label: "segment\(n)")
            let target = Int(Double(reference.session.events.count) * share)
            var written = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline, child.process.isRunning {
                if path == nil { path = RunFixture.sessionFile(in: sessions) }
                if let p = path {
                    written = RunFixture.completeEventLines(p)
                    if written >= target { break }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            let killedAt = ContinuousClock.now
            child.kill9()
            let exit = await child.wait()
            try #require(exit.signalled && exit.status == SIGKILL, "process \(n) ended before it could be killed (\(written) of \(target) events): \(RunFixture.describe(exit))")
            let facts = try SessionFacts(path: try #require(path))
            #expect(facts.finished == 0)
            segments.append(Segment(started: segmentStart, killedAt: killedAt, events: facts.session.events.count))
        }
        let session = try #require(path)
        let beforeLastResume = try SessionFacts(path: session)

        // Resume to the end, against the same endpoint and cache.
        let finalStart = ContinuousClock.now
        let resumed = try await MetaspoChild.run(RunFixture.resumeArgs(session: session, baseURL: sim.baseURL), home: scratch.path, env: env, label: "final")
        try #require(resumed.status == 0, "resume: \(RunFixture.describe(resumed))")
        let elapsed = ContinuousClock.now - started
        let facts = try SessionFacts(path: session)
        segments.append(Segment(started: finalStart, killedAt: nil, events: facts.session.events.count))
        for i in segments.indices.dropLast() { segments[i].until = segments[i + 1].started }
        facts.expectContiguousSeq("resumed session")
        #expect(facts.finished == 1)
        #expect(facts.resumed == shares.count, "expected \(shares.count) `resumed` events, found \(facts.resumed)")
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

        // The last process's usage counts only what it asked the endpoint.
        let base = try #require(facts.lastUsage["base"])
        let lastCalls = segments.last!.calls(all).count
        #expect(base.calls == lastCalls, "usage says \(base.calls) base calls after resume, the endpoint answered \(lastCalls)")

        #expect(elapsed < .seconds(60), "kills and resumes took \(elapsed)")
        let story = segments.map { s in
            s.killedAt == nil ? "finished with \(s.calls(all).count) calls" : "killed at \(s.events) events after \(s.calls(all).count) calls"
        }
        print(
            "e2e resume \(shares): reference \(reference.session.events.count) events, \(referenceKeys.count) base calls; "
                + story.joined(separator: ", ") + "; \(ledger.reaskedAfterKill) calls asked again (\(ledger.reaskedInFlight) in flight at a kill, the others answered at most \(ledger.longestLostReply) before it); \(elapsed)")
    }
}
