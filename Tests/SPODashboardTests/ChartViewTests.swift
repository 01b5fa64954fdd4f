import Foundation
import SPOCore
import SPODashboard
import Testing

/// The chart overlay (`c`): whole frames over the fixture session and the
/// shipped real run, its Braille canvas, and its keys.
struct ChartViewTests {
    static let sizes = DashboardSnapshotTests.sizes

    func frames(_ name: String, _ records: [EventRecord], keys: [Key] = [.char("c")], mode: DashboardMode = .live) {
        for size in Self.sizes {
            var script = KeyScript(DashboardSnapshotTests.state(records, size: size, mode: mode))
            script.press(keys)
            let frame = script.frame()
            Snapshot.check(frame, "\(name)-\(size.width)x\(size.height)")
            FrameChecks.assertInert(frame)
        }
    }

    /// The shipped session of a real run (2 source tasks, 1 unseen, 1 iteration).
    static func shipped() throws -> [EventRecord] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sessions/quick-qwen1.5b.jsonl")
        return try SessionReader.read(path: url.path).events
    }

    @Test func chartOfAFinishedRun() async throws {
        frames("chart-finished", try await Fixture.records())
    }

    @Test func chartWhileTheOuterLoopRuns() async throws {
        frames("chart-mid-outer", DashboardSnapshotTests.midOuter(try await Fixture.records()))
    }

    @Test func chartOfTheShippedRealRun() throws {
        frames("chart-shipped", try Self.shipped(), mode: .replay)
    }

    @Test func chartInASCII() async throws {
        var s = DashboardSnapshotTests.state(try await Fixture.records(), size: Size(width: 80, height: 24), ascii: true)
        _ = s.update(.char("c"))
        let frame = Renderer.render(s)
        Snapshot.check(frame, "chart-ascii-80x24")
        for line in frame.textLines() { #expect(line.allSatisfy { $0.isASCII }, "\(line)") }
    }

    @Test func cOpensAndClosesTheChartAndHelpListsIt() async throws {
        var script = KeyScript(DashboardSnapshotTests.state(try await Fixture.records(), size: Size(width: 80, height: 24)))
        script.press(.char("c"))
        #expect(script.state.ui.overlay == .chart)
        #expect(script.frame().styleLines().joined().contains("c"), "the chart role is drawn")
        script.press(.char("c"))
        #expect(script.state.ui.overlay == nil)
        script.press(.char("c"), .escape)
        #expect(script.state.ui.overlay == nil)
        #expect(Keymap.standard.sections(for: .live).flatMap(\.bindings).contains { $0.keys.contains(.char("c")) && $0.action == .chart })
        #expect(Keymap.standard.sections(for: .replay).flatMap(\.bindings).contains { $0.action == .chart })
    }

    @Test func canvasSetsBrailleDotsAndDrawsLines() {
        var c = DotCanvas(columns: 2, rows: 1)
        c.set(x: 0, y: 0)
        c.set(x: 1, y: 3)
        #expect(c.glyphs(row: 0, role: .chart, ascii: false).map(\.char) == ["\u{2881}", " "])
        var line = DotCanvas(columns: 4, rows: 2)
        line.line(from: (0, 7), to: (7, 0))
        // A diagonal touches every column of dots once.
        let top = line.glyphs(row: 0, role: .chart, ascii: false), bottom = line.glyphs(row: 1, role: .chart, ascii: false)
        #expect(bottom.prefix(2).allSatisfy { $0.char != " " } && top.suffix(2).allSatisfy { $0.char != " " })
        #expect(line.glyphs(row: 1, role: .chart, ascii: true).map(\.char).prefix(2) == [".", "'"])
        #expect(line.dot(fx: 1, fy: 1) == (7, 0) && line.dot(fx: 0, fy: 0) == (0, 7))
    }
}
