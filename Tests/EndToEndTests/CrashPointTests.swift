import Foundation
import SPOCore
import SPOModels
import SPOTestSupport
import Testing

extension EndToEndRunTests {
    /// One run killed with SIGKILL at many random (seeded) points, each kill
    /// followed by a `resume` that is itself killed at the next point, then
    /// resumed to the end. `METASPO_CRASH_POINTS` (default 20) and
    /// `METASPO_CRASH_SEED` change the number of kills and where they fall.
    @Suite struct CrashPoints {
        /// Where one process of the chain is killed.
        enum Point: CustomStringConvertible {
            /// Once the session holds this many events.
            case events(Int)
            /// This many milliseconds after the process started: during start-up,
            /// reading the session, or catching up with its log from the cache.
            case afterStart(Int)

            var description: String {
                switch self {
                case .events(let n): "@\(n) events"
                case .afterStart(let ms): "+\(ms) ms"
                }
            }
        }

        static let environment = ProcessInfo.processInfo.environment
        static let pointCount = environment["METASPO_CRASH_POINTS"].flatMap(Int.init) ?? 20
        static let seed = environment["METASPO_CRASH_SEED"].flatMap(UInt64.init) ?? 2026

        /// `count` kill points over a run of `events` events: about a quarter
        /// soon after a start, the rest at event counts spread over the run.
        static func points(count: Int, events: Int, seed: UInt64) -> [Point] {
            var rng = SeededRandom(seed: seed, stream: "crash-points")
            let early = (0..<count).map { _ in rng.chance(0.25) }
            let targets = Array(1..<max(2, events - 1)).stableSample(early.filter { !$0 }.count, using: &rng).sorted()
            var next = targets.makeIterator()
            return early.map { $0 ? .afterStart(rng.int(in: 0...300)) : .events(next.next()!) }
        }

        /// A kill between the header and the first event leaves a session with
        /// nothing to fold: `resume` starts the run over under the same name.
        @Test func aSessionWithOnlyItsHeaderResumes() async throws {
            let scratch = ScratchDir("header-only")
            let (reference, _) = try await EndToEndRunTests.referenceRun(scratch)
            let referencePath = try #require(RunFixture.sessionFile(in: scratch.path + "/reference-sessions"))
            let header = try #require(String(contentsOfFile: referencePath, encoding: .utf8).split(separator: "\n").first)
            let path = scratch.folder("sessions") + "/2026-01-02T03-04-05.jsonl"
            try (header + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try await EndToEndRunTests.withSimulator { sim in
                // The header names the reference run's endpoint for both roles: point both here.
                let args = RunFixture.resumeArgs(session: path, baseURL: sim.baseURL) + ["--optimizer-base-url", sim.baseURL]
                let exit = try await MetaspoChild.run(args, home: scratch.path, label: "resume")
                try #require(exit.status == 0, "resume of a header-only session: \(RunFixture.describe(exit))")
                let facts = try SessionFacts(path: path)
                facts.expectContiguousSeq("header-only session resumed")
                #expect(facts.finished == 1)
                #expect(facts.bestSystemText == reference.bestSystemText)
                let started = facts.session.events.first.flatMap { if case .runStarted(let r) = $0.event { r } else { nil } }
                #expect(started?.run == "2026-01-02T03-04-05")
            }
        }

        @Test func killedAtRandomPointsResumesEveryTime() async throws {
            let scratch = ScratchDir("crash")
            let (reference, referenceKeys) = try await EndToEndRunTests.referenceRun(scratch)
            let referenceBest = try #require(reference.bestSystemText)
            let plan = Self.points(count: Self.pointCount, events: reference.session.events.count, seed: Self.seed)
            let label = "seed \(Self.seed): " + plan.map(\.description).joined(separator: " ")

            try await EndToEndRunTests.withSimulator { sim in
                let sessions = scratch.folder("sessions")
                let env = ["XDG_CACHE_HOME": scratch.folder("cache")]
                var segments: [EndToEndRunTests.Segment] = []
                var path: String?
                let started = ContinuousClock.now
                var kills = 0
                // Whether each process was a `resume` (a session existed when it started).
                var resumes: [Bool] = []

                for (n, point) in plan.enumerated() {
                    let before = path.map(RunFixture.completeEventLines) ?? 0
                    // An event count the session already holds becomes a kill during catch-up.
                    var point = point
                    if case .events(let e) = point, e <= before { point = .afterStart(50) }
                    resumes.append(path != nil)
                    let args = path.map { RunFixture.resumeArgs(session: $0, baseURL: sim.baseURL) } ?? RunFixture.runArgs(baseURL: sim.baseURL, sessionsDir: sessions)
                    let segmentStart = ContinuousClock.now
                    let child = try MetaspoChild(args, home: scratch.path, env: env, label: "kill\(n)")
                    let deadline = ContinuousClock.now + .seconds(60)
                    poll: while ContinuousClock.now < deadline, child.process.isRunning {
                        if path == nil { path = RunFixture.sessionFile(in: sessions) }
                        switch point {
                        case .events(let e):
                            if let p = path, RunFixture.completeEventLines(p) >= e { break poll }
                        case .afterStart(let ms):
                            if ContinuousClock.now - segmentStart >= .milliseconds(ms) { break poll }
                        }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    let killedAt = ContinuousClock.now
                    child.kill9()
                    let exit = await child.wait()
                    if path == nil { path = RunFixture.sessionFile(in: sessions) }
                    try #require(exit.signalled && exit.status == SIGKILL, "\(label): process \(n) (\(point)) ended by itself: \(RunFixture.describe(exit))")
                    kills += 1
                    // The session reads after every kill (a cut-off last line is allowed),
                    // with seq 1, 2, 3… and no finish.
                    var events = 0
                    if let p = path {
                        let facts = try SessionFacts(path: p)
                        facts.expectContiguousSeq("\(label): after kill \(n) (\(point))")
                        #expect(facts.finished == 0)
                        #expect(facts.session.events.count >= before, "\(label): kill \(n) lost events")
                        events = facts.session.events.count
                    }
                    segments.append(.init(pid: child.pid, killedAt: killedAt, events: events))
                }

                let session = try #require(path, "\(label): no session was ever written")
                resumes.append(true)
                let resumed = try await MetaspoChild.run(RunFixture.resumeArgs(session: session, baseURL: sim.baseURL), home: scratch.path, env: env, label: "final")
                try #require(resumed.status == 0, "\(label): final resume: \(RunFixture.describe(resumed))")
                let facts = try SessionFacts(path: session)
                segments.append(.init(pid: resumed.pid, killedAt: nil, events: facts.session.events.count))

                facts.expectContiguousSeq("\(label): final session")
                #expect(facts.finished == 1)
                #expect(facts.session.truncatedTail == nil && facts.session.skipped.isEmpty)
                #expect(!facts.warnings.contains { $0.contains("differs from its log") }, "\(label): resume diverged")
                // A resume writes `resumed` once it has caught up, before its first new
                // event: one per resume that wrote anything after earlier events (one
                // that found only the header starts the run over).
                let progressed = segments.indices.dropFirst().filter {
                    resumes[$0] && segments[$0].events > segments[$0 - 1].events && segments[$0 - 1].events > 0
                }.count
                #expect(facts.resumed == progressed, "\(label): \(facts.resumed) `resumed` events, \(progressed) resumes progressed")
                #expect(facts.bestSystemText == referenceBest, "\(label)")
                let ours = facts.structuralEvents, theirs = reference.structuralEvents
                if let i = ours.indices.first(where: { $0 < theirs.count && ours[$0] != theirs[$0] }) {
                    Issue.record("\(label): structural event \(i) differs:\n resumed:   \(ours[i])\n reference: \(theirs[i])")
                }
                #expect(ours.count == theirs.count)

                let all = sim.baseCalls
                var ledger = RepeatLedger(grace: EndToEndRunTests.cacheCommitGrace)
                for segment in segments { ledger.add(segment.calls(all), killedAt: segment.killedAt) }
                if !ledger.repeatedCompleted.isEmpty {
                    // How long before its kill each lost call had been answered, to tell a
                    // reply lost on its way into the cache from one the cache lost.
                    let lost = ledger.repeatedCompleted.map { again -> String in
                        guard let first = all.first(where: { $0.key == again.key }),
                            let segment = segments.first(where: { $0.calls(all).contains(first) }), let killed = segment.killedAt
                        else { return "?" }
                        return "\(killed - first.answered) before kill (asked again \(again.received - killed) after it)"
                    }
                    Issue.record("\(label): \(lost.count) base calls that had completed before a kill were asked again: \(lost)")
                }
                if !ledger.repeatedWithinProcess.isEmpty {
                    // Both askings of each, with their times, to tell a retry from a duplicate.
                    let pairs = ledger.repeatedWithinProcess.map { again in
                        all.filter { $0.key == again.key && $0.clientPID == again.clientPID }
                            .map { "#\($0.number) received \($0.received - started) answered \($0.answered - started)" }.joined(separator: " / ")
                    }
                    Issue.record("\(label): \(pairs.count) base calls asked twice by one process: \(pairs)")
                }
                #expect(segments.reduce(0) { $0 + $1.calls(all).count } == all.count)
                #expect(Set(all.map(\.key)) == referenceKeys)
                // Requests a killed process had sent that the server read only after the kill.
                let readAfterKill = segments.reduce(0) { n, s in n + s.calls(all).filter { c in s.killedAt.map { c.received > $0 } ?? false }.count }
                print(
                    "e2e crash \(label): \(kills) kills, \(segments.count) processes, \(all.count) base calls for \(referenceKeys.count) distinct "
                        + "(\(readAfterKill) read after their process was killed); "
                        + "\(ledger.reaskedAfterKill) asked again (\(ledger.reaskedInFlight) in flight, others answered ≤ \(ledger.longestLostReply) before a kill); "
                        + "\(ContinuousClock.now - started)")
            }
        }
    }
}
