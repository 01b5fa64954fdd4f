import SPOCore

/// The event log, newest at the bottom; warnings and errors stand out.
enum LogView {
    static func draw(_ state: DashboardState, in rect: Rect, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        var title = Pane.log.title
        if run.warnings + run.errors > 0 { title += " (\(run.warnings) warnings, \(run.errors) errors)" }
        PaneFrame.draw(title, in: rect, focused: state.ui.focus == .log && state.ui.overlay == nil, on: &screen)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let back = min(state.ui.logScroll, max(0, state.log.count - inner.height))
        let end = state.log.count - back
        let start = max(0, end - inner.height)
        for (k, entry) in state.log[start..<end].enumerated() {
            let role: Role =
                switch entry.level {
                case .info: .text
                case .detail: .dim
                case .good: .best
                case .warning: .warning
                case .error: .error
                }
            var g = InertText.glyphs(Format.pad(Format.clock(entry.t), 8, right: true) + "  ", role: .dim, ascii: ascii)
            g += InertText.glyphs(entry.text, role: role, ascii: ascii)
            screen.put(g, in: inner.row(k))
        }
        if back > 0 { screen.boxFooter(rect, "\(back) newer below") }
    }
}
