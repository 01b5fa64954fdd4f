import Foundation
import SPOCore
import SPODashboard

// Dashboard figures (not tests): how long a full 200x60 frame takes with 1,000
// candidates, how fast a 100,000-event session is read and folded, and how much
// memory that session takes.
//
//   cd Benchmarks && swift run -c release DashboardBenchmark
//   swift run -c release DashboardBenchmark --events 100000 --keep /tmp/big.jsonl
//
// The memory figure comes from a child process (this program with `--replay
// FILE`) that does only what `metaspo replay FILE --speed instant` does: read
// the file, fold every event, draw a frame.

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

/// `--replay FILE`: the child that measures memory.
if let file = option("--replay") {
    let base = Memory.currentMiB
    let loaded = try SessionReader.read(path: file, mode: .lenient)
    let afterRead = Memory.currentMiB
    var state = DashboardState(mode: .replay, size: Size(width: 200, height: 60))
    for r in loaded.events { state.apply(r) }
    let frame = Renderer.render(state)
    let afterFold = Memory.currentMiB
    print(String(format: "events %d, frame %d cells, rss start %.1f MiB, after read %.1f MiB, after fold %.1f MiB, peak %.1f MiB",
        loaded.events.count, frame.width * frame.height, base, afterRead, afterFold, Memory.peakMiB))
    exit(0)
}

let eventCount = option("--events").flatMap(Int.init) ?? 100_000
print("DashboardBenchmark (\(ProcessInfo.processInfo.activeProcessorCount) cores)")

// MARK: 1. a full frame with 1,000 candidates

let treeRecords = SyntheticSession.candidates(systems: 100, tasks: 3, usersPerTask: 3)
var tree = DashboardState(mode: .replay, size: Size(width: 200, height: 60))
tree.apply(treeRecords)
print("\n1. frame of 200x60, \(tree.run.order.count) candidates (\(treeRecords.count) events)")
func frame(_ label: String, _ state: DashboardState) {
    var cells = 0
    let f = Stopwatch.measure { cells &+= Renderer.render(state).width }
    print("   \(label.padding(toLength: 36, withPad: " ", startingAt: 0)) \(f.millis)")
}
frame("default view (best system open)", tree)
var open = tree
for s in open.run.systems where !open.isExpanded(s) { open.ui.toggled.insert(s) }
_ = open.update(.end)
frame("all open, last of \(open.treeRows().count) rows selected", open)
var diff = open
_ = diff.update(.char("d"))
frame("word diff overlay", diff)
var detail = open
_ = detail.update(.enter)
frame("prompt detail overlay", detail)
var help = tree
_ = help.update(.char("?"))
frame("help overlay", help)

// MARK: 2. folding a 100,000-event session

let (records, generated, _) = Stopwatch.once { SyntheticSession.metaSPO(events: eventCount) }
let path = option("--keep") ?? NSTemporaryDirectory() + "metaspo-bench-\(getpid()).jsonl"
var bytes: [UInt8] = Array(SessionHeader(created: "2026-01-01T00:00:00Z", config: [:]).jsonValue.compactText.utf8)
bytes.append(0x0A)
for r in records {
    bytes.append(contentsOf: r.jsonBytes())
    bytes.append(0x0A)
}
try Data(bytes).write(to: URL(fileURLWithPath: path))
let candidates = records.reduce(0) { if case .candidateCreated = $1.event { $0 + 1 } else { $0 } }
print("\n2. fold of \(records.count) events (\(candidates) candidates, \(String(format: "%.1f", Double(bytes.count) / 1_048_576)) MiB as JSON Lines; made in \(String(format: "%.2f", generated)) s)")
func rate(_ label: String, _ wall: Double, _ cpu: Double) {
    print("   \(label.padding(toLength: 36, withPad: " ", startingAt: 0)) \(String(format: "cpu %6.3f s = %9.0f events/s (wall %6.3f s)", cpu, Double(records.count) / cpu, wall))")
}
let (loaded, readTime, readCPU) = try Stopwatch.once { try SessionReader.read(path: path) }
precondition(loaded.events.count == records.count)
rate("read and decode (SessionReader)", readTime, readCPU)
let (folded, foldTime, foldCPU) = Stopwatch.once { () -> DashboardState in
    var s = DashboardState(mode: .replay, size: Size(width: 200, height: 60))
    for r in records { s.apply(r) }
    return s
}
rate("dashboard fold, one event at a time", foldTime, foldCPU)
let (_, playTime, playCPU) = Stopwatch.once { () -> Int in
    var s = DashboardState(mode: .replay, size: Size(width: 200, height: 60))
    s.ui.replay = ReplayControls(speed: .infinity)
    var player = ReplayPlayer(records: records)
    _ = player.advance(&s, wallSeconds: 0.04)
    return player.next
}
rate("replay player, instant", playTime, playCPU)
// The one fold alone (what `sessions`, the report and the engine's digests
// read), then `replay --json`: the fold and its JSON.
let (runModel, runFoldTime, runFoldCPU) = Stopwatch.once { RunModel(folding: records) }
rate("run fold (RunModel)", runFoldTime, runFoldCPU)
let (_, jsonTime, jsonCPU) = Stopwatch.once { RunModel(folding: records).jsonValue.compactText.count }
rate("replay --json (fold + JSON)", jsonTime, jsonCPU)
precondition(runModel.eventCount == records.count)
frame("frame of the folded session", folded)

// MARK: 3. memory of that session

print("\n3. memory of the \(records.count)-event session")
print(String(format: "   this process now: %.1f MiB resident, peak %.1f MiB (generator, file bytes and both folds included)", Memory.currentMiB, Memory.peakMiB))
let child = Process()
child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
child.arguments = ["--replay", path]
let pipe = Pipe()
child.standardOutput = pipe
try child.run()
let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
child.waitUntilExit()
print("   read + fold + frame alone (child): \(report.trimmingCharacters(in: .whitespacesAndNewlines))")
if option("--keep") == nil { try? FileManager.default.removeItem(atPath: path) }
