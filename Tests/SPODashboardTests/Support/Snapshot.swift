import Foundation
import SPODashboard
import Testing

/// Compares a rendered frame with `__Snapshots__/<name>.txt`: the frame's text
/// (trailing spaces cut), a separator, then one role letter per cell (see
/// `Role.code`). `METASPO_RECORD_SNAPSHOTS=1` writes the files instead; a
/// missing file is written and reported as a failure, so CI never passes on
/// a snapshot nobody looked at.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")

    static var recording: Bool { ProcessInfo.processInfo.environment["METASPO_RECORD_SNAPSHOTS"] == "1" }

    static func document(_ screen: Screen) -> String {
        var s = "# \(screen.width)x\(screen.height)\n"
        s += screen.text + "\n"
        s += "# styles\n"
        s += screen.styleLines().joined(separator: "\n") + "\n"
        return s
    }

    static func check(_ screen: Screen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = document(screen)
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if recording || existing == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !recording {
                Issue.record("recorded new snapshot \(name); check it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = existing, expected != actual else { return }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "(end)", want = line < e.count ? e[line] : "(end)"
        Issue.record(
            "snapshot \(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(METASPO_RECORD_SNAPSHOTS=1 re-records)\n\(screen.text)",
            sourceLocation: sourceLocation)
    }
}

/// Drives a dashboard with keys and collects the commands they produce.
struct KeyScript {
    var state: DashboardState
    var commands: [DashboardCommand] = []

    init(_ state: DashboardState) {
        self.state = state
    }

    @discardableResult
    mutating func press(_ keys: Key...) -> [DashboardCommand] {
        press(keys)
    }

    @discardableResult
    mutating func press(_ keys: [Key]) -> [DashboardCommand] {
        var out: [DashboardCommand] = []
        for k in keys { out += state.update(k) }
        commands += out
        return out
    }

    /// Types characters as separate key presses.
    mutating func type(_ text: String) {
        for c in text { press(.char(c)) }
    }

    func frame(_ size: Size? = nil) -> Screen {
        Renderer.render(state, size: size ?? state.ui.size)
    }
}
