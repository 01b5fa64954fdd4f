import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

extension EndToEndRunTests {
    /// Endpoint faults at random (seeded) points of whole runs of the real
    /// binary. Nested in `EndToEndRunTests`, so it shares its serialization:
    /// one run at a time on the two cores.
    @Suite struct FaultRuns {
        /// Retried faults (429 storms, 5xx, timeouts, cut connections, the endpoint
        /// gone for a while) are invisible to the search: the run finishes with
        /// what an untroubled run finds, and asks nothing twice that had completed.
        @Test(arguments: [UInt64(11), 29])
        func retriedFaultsLeaveTheSearchUnchanged(seed: UInt64) async throws {
            let scratch = ScratchDir("faults-\(seed)")
            let (reference, referenceKeys) = try await EndToEndRunTests.referenceRun(scratch)
            let plan = FaultPlan(
                seed: FaultPlan.seed(seed), events: reference.session.events.count, count: 8, kinds: FaultPlan.transparentKinds)
            // With seed 29 the endpoint also has a replica on a port nothing listens
            // on: requests sent there are refused and retried on the live one.
            var deadReplica: String?
            if seed == 29 {
                let gone = try await ScriptedHTTPServer.start { _ in .cut }
                deadReplica = gone.baseURL
                await gone.stop()
            }
            let config = try FaultRunConfig.write(in: scratch.path, extraEndpoint: deadReplica)
            try await EndToEndRunTests.withSimulator { sim in
                let sessions = scratch.folder("sessions")
                let child = try MetaspoChild(
                    RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions) + ["--config", config], home: scratch.path,
                    env: ["XDG_CACHE_HOME": scratch.folder("cache")], label: "faulted")
                let started = ContinuousClock.now
                let watch = try await FaultDriver.drive(child, sim: sim, sessions: sessions, plan: plan)
                let exit = await child.wait()
                try #require(exit.status == 0 && !exit.signalled, "\(plan)\n\(RunFixture.describe(exit))")
                let facts = try SessionFacts(path: try #require(watch.path))
                facts.expectContiguousSeq("faulted run")
                #expect(facts.finished == 1)
                #expect(facts.session.truncatedTail == nil && facts.session.skipped.isEmpty)
                #expect(watch.applied == plan.episodes.count, "only \(watch.applied) of \(plan.episodes.count) episodes started before the run ended")

                // The search is the untroubled run's.
                #expect(facts.bestSystemText == reference.bestSystemText, "\(plan)")
                let ours = facts.structuralEvents, theirs = reference.structuralEvents
                if let i = ours.indices.first(where: { $0 < theirs.count && ours[$0] != theirs[$0] }) {
                    Issue.record("\(plan): structural event \(i) differs:\n faulted:   \(ours[i])\n reference: \(theirs[i])")
                }
                #expect(ours.count == theirs.count)
                #expect(Set(sim.baseCalls.map(\.key)) == referenceKeys)

                // Every fault was retried, none became an error.
                let counts = sim.counts
                let base = try #require(facts.lastUsage[.base]), optimizer = try #require(facts.lastUsage[.optimizer])
                #expect(base.errors == 0 && optimizer.errors == 0, "\(plan): errors \(base.errors) + \(optimizer.errors)")
                let retries = (base.retries ?? 0) + (optimizer.retries ?? 0)
                #expect(counts.faulted > 0 && retries >= counts.faulted, "\(plan): \(retries) retries for \(counts.faulted) faulted replies")
                #expect(facts.warnings.contains { $0.contains("retrying") }, "no warning tells of the retries")

                // Nothing that had completed was asked again; a reply cut off by an
                // outage never completed, so the outages split the calls like kills.
                var ledger = RepeatLedger(grace: EndToEndRunTests.cacheCommitGrace)
                var from = started
                for cut in watch.outageStarts {
                    ledger.add(sim.baseCalls.filter { $0.received >= from && $0.received < cut }, killedAt: cut)
                    from = cut
                }
                ledger.add(sim.baseCalls.filter { $0.received >= from }, killedAt: nil)
                #expect(ledger.repeatedCompleted.isEmpty, "\(plan): \(ledger.repeatedCompleted.count) completed base calls asked again")
                #expect(ledger.repeatedWithinProcess.isEmpty, "\(plan): \(ledger.repeatedWithinProcess.count) base calls asked twice")
                if deadReplica != nil {
                    #expect(facts.warnings.contains { $0.contains("could not be reached") }, "no request went to the dead replica")
                }
                print(
                    "e2e faults \(plan)\(deadReplica.map { " + dead replica \($0)" } ?? ""): \(counts.faulted) faulted replies, \(counts.late) late, \(counts.outages) outages, "
                        + "\(retries) retries, \(watch.reads) reads of the live session, \(ContinuousClock.now - started)")
            }
        }

        /// The endpoint goes away for longer than the client's retries last: the
        /// run stops with an error naming the endpoint and a resumable `stopped`,
        /// the session reads, and `resume` finishes the same search.
        @Test func anOutageLongerThanTheRetriesStopsTheRunAndResumeFinishesIt() async throws {
            let scratch = ScratchDir("outage")
            let (reference, referenceKeys) = try await EndToEndRunTests.referenceRun(scratch)
            var rng = SeededRandom(seed: FaultPlan.seed(7), stream: "outage")
            let point = rng.int(in: 10...(reference.session.events.count * 3 / 4))
            let config = try FaultRunConfig.write(in: scratch.path, maxRetries: 1)
            try await EndToEndRunTests.withSimulator { sim in
                let sessions = scratch.folder("sessions")
                let env = ["XDG_CACHE_HOME": scratch.folder("cache")]
                let started = ContinuousClock.now
                let child = try MetaspoChild(
                    RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions) + ["--config", config], home: scratch.path, env: env,
                    label: "outage")
                var path: String?
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline, child.process.isRunning {
                    if path == nil { path = RunFixture.sessionFile(in: sessions) }
                    if let p = path, RunFixture.completeEventLines(p) >= point { break }
                    try await Task.sleep(for: .milliseconds(5))
                }
                let outageAt = ContinuousClock.now
                await sim.stopServing()
                let exit = await child.wait()
                let callsBefore = sim.baseCalls
                try #require(!exit.signalled && exit.status != 0, "the run went on through a long outage: \(RunFixture.describe(exit))")
                #expect(exit.stderr.contains("gave up after 2 attempts") && exit.stderr.contains(sim.baseURL), "stderr: \(exit.stderr.suffix(600))")

                let session = try #require(path)
                let stopped = try SessionFacts(path: session)
                #expect(stopped.session.truncatedTail == nil && stopped.session.skipped.isEmpty)
                stopped.expectContiguousSeq("stopped session")
                let tail = stopped.session.events.suffix(2).map(\.event)
                if tail.count == 2, case .error(let message) = tail.first!, case .stopped(let s) = tail.last! {
                    #expect(s.resumable && message.contains("gave up"), "\(message) / \(s)")
                } else {
                    Issue.record("the session does not end with error + stopped: \(tail)")
                }

                try await sim.serveAgain()
                let resumeStart = ContinuousClock.now
                let resumed = try await MetaspoChild.run(RunFixture.resumeArgs(session: session, baseURL: sim.baseURL), home: scratch.path, env: env, label: "resume")
                try #require(resumed.status == 0, "resume: \(RunFixture.describe(resumed))")
                let facts = try SessionFacts(path: session)
                facts.expectContiguousSeq("resumed session")
                #expect(facts.finished == 1 && facts.resumed == 1)
                #expect(facts.bestSystemText == reference.bestSystemText)
                #expect(Set(sim.baseCalls.map(\.key)) == referenceKeys)
                var ledger = RepeatLedger(grace: EndToEndRunTests.cacheCommitGrace)
                ledger.add(callsBefore.filter { $0.received >= started }, killedAt: outageAt)
                ledger.add(sim.baseCalls.filter { $0.received >= resumeStart }, killedAt: nil)
                #expect(ledger.repeatedCompleted.isEmpty, "\(ledger.repeatedCompleted.count) completed base calls asked again")
                print("e2e outage at event \(point): stopped after \(stopped.session.events.count) events; resume asked \(sim.baseCalls.count - callsBefore.count) base calls")
            }
        }

        /// The session's disk fills up mid-run (the `METASPO_FAIL_SESSION_WRITE`
        /// seam, ENOSPC), then a resume meets an I/O error: each process stops with
        /// an error naming the file and the OS error; the session reads after each,
        /// the response cache stays whole, and a last resume finishes the search.
        @Test func failingSessionWritesStopTheRunAndLeaveEverythingReadable() async throws {
            let scratch = ScratchDir("full")
            let (reference, referenceKeys) = try await EndToEndRunTests.referenceRun(scratch)
            var rng = SeededRandom(seed: FaultPlan.seed(3), stream: "full-disk")
            let failAt = rng.int(in: 20...(reference.session.events.count * 3 / 4))
            let failAgainAt = rng.int(in: 2...30)
            try await EndToEndRunTests.withSimulator { sim in
                let sessions = scratch.folder("sessions")
                let cacheHome = scratch.folder("cache")
                let cachePath = ResponseCache.defaultPath(environment: ["XDG_CACHE_HOME": cacheHome])
                var segments: [EndToEndRunTests.Segment] = []
                var path: String?
                var events = 0
                for (n, fault) in ["\(failAt)", "\(failAgainAt):EIO"].enumerated() {
                    let env = ["XDG_CACHE_HOME": cacheHome, FailingSink.environmentKey: fault]
                    let args = path.map { RunFixture.resumeArgs(session: $0, baseURL: sim.baseURL) } ?? RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions)
                    let child = try MetaspoChild(args, home: scratch.path, env: env, label: "full\(n)")
                    // The failure comes with the write after the last good one: calls
                    // answered before that moment have completed.
                    let lastGood = (n == 0 ? failAt - 2 : events + failAgainAt - 1)
                    var failedAround = ContinuousClock.now
                    while child.process.isRunning {
                        if path == nil { path = RunFixture.sessionFile(in: sessions) }
                        if let p = path, RunFixture.completeEventLines(p) < lastGood { failedAround = ContinuousClock.now }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    let exit = await child.wait()
                    let session = try #require(path, "no session was written")
                    let reason = n == 0 ? "No space left on device (ENOSPC)" : "Input/output error (EIO)"
                    #expect(exit.status != 0 && !exit.signalled, "process \(n) went on after its session write failed: \(RunFixture.describe(exit))")
                    #expect(exit.stderr.contains("cannot write session file \(session): write failed: \(reason)"), "stderr: \(exit.stderr.suffix(500))")
                    // Everything before the failed write is there, whole, and nothing after it.
                    let facts = try SessionFacts(path: session)
                    facts.expectContiguousSeq("session after write failure \(n)")
                    #expect(facts.session.truncatedTail == nil && !facts.session.missingFinalNewline)
                    #expect(facts.session.events.count == lastGood, "process \(n): \(facts.session.events.count) events, expected \(lastGood)")
                    events = facts.session.events.count
                    segments.append(.init(pid: child.pid, killedAt: failedAround, events: events))
                    // The response cache is whole and holds no more than the endpoint answered.
                    let check = try Self.sqlite(cachePath, "PRAGMA integrity_check;")
                    #expect(check == "ok", "integrity_check: \(check)")
                    let stats = try await ResponseCache(path: cachePath).stats()
                    #expect(stats.entries > 0 && stats.entries <= sim.counts.base + sim.counts.optimizer)
                }

                let session = try #require(path)
                let resumed = try await MetaspoChild.run(
                    RunFixture.resumeArgs(session: session, baseURL: sim.baseURL), home: scratch.path, env: ["XDG_CACHE_HOME": cacheHome], label: "final")
                try #require(resumed.status == 0, "final resume: \(RunFixture.describe(resumed))")
                let facts = try SessionFacts(path: session)
                segments.append(.init(pid: resumed.pid, killedAt: nil, events: facts.session.events.count))
                facts.expectContiguousSeq("resumed session")
                #expect(facts.finished == 1 && facts.resumed == 2)
                #expect(facts.bestSystemText == reference.bestSystemText)
                #expect(facts.structuralEvents == reference.structuralEvents)
                #expect(Set(sim.baseCalls.map(\.key)) == referenceKeys)
                var ledger = RepeatLedger(grace: EndToEndRunTests.cacheCommitGrace)
                for segment in segments { ledger.add(segment.calls(sim.baseCalls), killedAt: segment.killedAt) }
                #expect(ledger.repeatedCompleted.isEmpty, "\(ledger.repeatedCompleted.count) completed base calls asked again")
                print("e2e full disk: write \(failAt) failed (ENOSPC), then write \(failAgainAt) of the resume (EIO); \(ledger.reaskedAfterKill) calls asked again")
            }
        }

        /// Runs the sqlite3 shell on a database and returns what it printed.
        static func sqlite(_ path: String, _ sql: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["sqlite3", path, sql]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Replies that arrive but cannot be read (a 200 with broken JSON) are not
        /// retried: a base reply is scored as a format error with a warning, an
        /// optimizer reply is rejected and asked again; the run finishes.
        @Test func brokenRepliesAreCountedAndTheRunFinishes() async throws {
            let scratch = ScratchDir("broken")
            let plan = FaultPlan(
                seed: FaultPlan.seed(5), events: 400, count: 4,
                kinds: [
                    { r in .requests(.brokenJSON, count: r.int(in: 1...3), target: .base) },
                    { r in .requests(.brokenJSON, count: r.int(in: 1...2), target: .optimizer) },
                ])
            try await EndToEndRunTests.withSimulator { sim in
                let sessions = scratch.folder("sessions")
                let child = try MetaspoChild(RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions), home: scratch.path, label: "broken")
                let watch = try await FaultDriver.drive(child, sim: sim, sessions: sessions, plan: plan)
                let exit = await child.wait()
                try #require(exit.status == 0, "\(plan)\n\(RunFixture.describe(exit))")
                let facts = try SessionFacts(path: try #require(watch.path))
                facts.expectContiguousSeq("run with broken replies")
                #expect(facts.finished == 1 && facts.session.skipped.isEmpty)
                let base = try #require(facts.lastUsage[.base]), optimizer = try #require(facts.lastUsage[.optimizer])
                #expect(sim.counts.faulted > 0)
                #expect(base.errors + optimizer.errors == sim.counts.faulted, "\(plan): \(base.errors) + \(optimizer.errors) errors for \(sim.counts.faulted) broken replies")
                let scoredAsFormatErrors = facts.warnings.filter { $0.contains("scored as a format error") }.count
                #expect(scoredAsFormatErrors == base.errors, "\(scoredAsFormatErrors) warnings for \(base.errors) broken base replies")
                print("e2e broken replies \(plan): \(base.errors) base, \(optimizer.errors) optimizer")
            }
        }
    }
}

/// Runs a fault plan against a live child: starts each episode once the session
/// holds enough events, and reads the session (strictly) as it grows.
enum FaultDriver {
    struct Watch {
        var path: String?
        var applied = 0
        var outageStarts: [ContinuousClock.Instant] = []
        /// Times the live session was read.
        var reads = 0
    }

    static func drive(_ child: MetaspoChild, sim: SimulatedEndpoint, sessions: String, plan: FaultPlan) async throws -> Watch {
        var watch = Watch()
        var lastRead = ContinuousClock.now
        let deadline = ContinuousClock.now + .seconds(120)
        while child.process.isRunning {
            guard ContinuousClock.now < deadline else {
                child.kill9()
                Issue.record("\(plan): the run did not end within 120 s")
                break
            }
            if watch.path == nil { watch.path = RunFixture.sessionFile(in: sessions) }
            if let p = watch.path {
                let events = RunFixture.completeEventLines(p)
                while watch.applied < plan.episodes.count, events >= plan.episodes[watch.applied].atEvents {
                    switch plan.episodes[watch.applied].trouble {
                    case .requests(let fault, let count, let target): sim.injectFault(fault, count: count, target: target)
                    case .window(let fault, let seconds, let target): sim.injectFault(fault, forSeconds: seconds, target: target)
                    case .outage(let seconds):
                        watch.outageStarts.append(ContinuousClock.now)
                        await sim.stopServing()
                        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                        try await sim.serveAgain()
                    }
                    watch.applied += 1
                }
                // A session being written always reads: at worst its last line is cut off.
                if ContinuousClock.now - lastRead > .milliseconds(50) {
                    do {
                        _ = try SessionReader.read(path: p)
                        watch.reads += 1
                    } catch {
                        Issue.record("\(plan): the live session did not read: \(error)")
                    }
                    lastRead = ContinuousClock.now
                }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await sim.serveAgain()
        return watch
    }
}
