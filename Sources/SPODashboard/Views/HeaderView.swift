import SPOCore

/// Two lines at the top: what runs and its status; calls, tokens, cost, cache,
/// time and ETA.
enum HeaderView {
    static func draw(_ state: DashboardState, in rect: Rect, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        screen.fill(rect)
        let line0 = rect.row(0), line1 = rect.row(1)

        var left = InertText.glyphs(" metaspo ", role: .title, ascii: ascii)
        var info = "run " + (run.runID ?? "–") + " · " + (run.method ?? "–")
        // One name when both roles use the same model, as the embedded default does.
        let named: [ModelRole: String] = run.models.mapValues(EmbeddedModelNames.display)
        let models: [String]
        if let base = named[.base], base == named[.optimizer] {
            models = ["model " + base]
        } else {
            models = ModelRole.allCases.compactMap { role in named[role].map { "\(role) " + $0 } }
        }
        if !models.isEmpty { info += " · " + models.joined(separator: ", ") }
        left += InertText.glyphs(info, role: .text, ascii: ascii)

        let (badge, badgeRole) = status(state)
        let right = InertText.glyphs(badge + " ", role: badgeRole, ascii: ascii)
        screen.put(left, in: Rect(x: line0.x, y: line0.y, width: max(0, line0.width - right.displayWidth - 1), height: 1))
        screen.putRight(right, in: line0)

        var parts: [String] = []
        let opt = run.usage[.optimizer]
        parts.append("calls " + Format.count(run.totalCalls) + (opt.map { " (optimizer \(Format.count($0.calls)))" } ?? ""))
        // Racing: base calls not made because clearly worse candidates were dropped early.
        if run.callsSaved > 0 { parts.append("saved " + Format.count(run.callsSaved)) }
        parts.append("tokens " + Format.tokens(run.totalTokens))
        parts.append(Format.cost(run.totalCost))
        parts.append("cache " + (run.cacheHitRate.map { Format.fixed($0 * 100, 0) + "%" } ?? "–"))
        parts.append("elapsed " + Format.duration(state.elapsed))
        if let eta = run.eta(elapsed: state.elapsed) { parts.append("ETA " + Format.duration(eta)) }
        let stats = InertText.glyphs(" " + parts.joined(separator: " · "), role: .dim, ascii: ascii)
        var counts: [Glyph] = []
        if run.warnings > 0 { counts += InertText.glyphs("warnings \(run.warnings) ", role: .warning, ascii: ascii) }
        if run.errors > 0 { counts += InertText.glyphs("errors \(run.errors) ", role: .error, ascii: ascii) }
        screen.put(stats, in: Rect(x: line1.x, y: line1.y, width: max(0, line1.width - counts.displayWidth - 1), height: 1))
        screen.putRight(counts, in: line1)
    }

    static func status(_ state: DashboardState) -> (String, Role) {
        let ascii = state.ui.ascii
        let run = state.run
        if state.mode == .replay {
            let r = state.ui.replay
            let where_ = "\(r.position)/\(r.total)"
            if run.finished && r.position >= r.total { return ("replay done " + where_, .best) }
            if r.paused { return ((ascii ? "|| " : "⏸ ") + "replay paused " + where_, .warning) }
            return ((ascii ? "> " : "▶ ") + "replay " + r.speedLabel + " " + where_, .scoreUp)
        }
        let dot = ascii ? "*" : "●"
        switch run.status {
        case "finished": return (dot + " finished", .best)
        case "stopped": return (dot + " stopped" + (run.stopped?.resumable == true ? " (resumable)" : ""), .error)
        case "paused": return (dot + " paused", .warning)
        case "waiting": return (dot + " starting", .dim)
        default: return (dot + " running", .scoreUp)
        }
    }
}
