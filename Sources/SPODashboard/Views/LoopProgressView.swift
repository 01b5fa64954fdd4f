import SPOCore

/// One line: iteration i of n, the loop, the task, evaluations of the phase,
/// and a bar for the whole run.
enum LoopProgressView {
    static func draw(_ state: DashboardState, in rect: Rect, on screen: inout Screen) {
        let run = state.run
        let ascii = screen.ascii
        screen.fill(rect)
        var g: [Glyph] = []
        func add(_ s: String, _ role: Role = .text) { g += InertText.glyphs(s, role: role, ascii: ascii) }
        let arrow = ascii ? ">" : "▸"
        add(" iteration ", .dim)
        add("\(run.iteration)/\(run.plan.iterations)", .title)
        add(" \(arrow) ", .dim)
        add(phaseLabel(run.phase), .title)
        if let t = run.currentTask, !run.isOver {
            add(" · task ", .dim)
            add(t)
        }
        if let expected = run.phaseEvaluationsExpected, run.inPhase {
            add(" · evals ", .dim)
            add("\(min(run.phaseEvaluations, expected))/\(expected)")
        }
        if let flying = run.latestProgress.flatMap({ run.inFlight[$0] }) {
            add(" · \(flying.node.system)/\(flying.node.user) \(flying.done)/\(flying.of)", .dim)
        }
        // The run's bar on the right: share of the expected examples scored.
        let fraction = run.finished ? 1 : min(1, Double(run.examplesScored) / Double(run.expectedExamples))
        let barWidth = max(10, min(30, rect.width / 5))
        var bar = InertText.glyphs(" ", ascii: ascii)
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        bar += Array(repeating: Glyph(ascii ? "#" : "█", role: .chart), count: filled)
        bar += Array(repeating: Glyph(ascii ? "." : "░", role: .dim), count: barWidth - filled)
        bar += InertText.glyphs(" " + Format.pad(Format.fixed(fraction * 100, 0) + "%", 4, right: true) + " ", role: .text, ascii: ascii)
        screen.put(g, in: Rect(x: rect.x, y: rect.y, width: max(0, rect.width - bar.displayWidth - 1), height: 1))
        screen.putRight(bar, in: rect)
    }

    static func phaseLabel(_ phase: PhaseName?) -> String {
        switch phase {
        case nil: "starting"
        case .initial?: "init: scoring the initial prompts"
        case .inner?: "inner loop: user prompts"
        case .outer?: "outer loop: system prompt"
        case .resample?: "APE: resampling user prompts"
        case .expand?: "ProTeGi: expanding the beam"
        case .generation?: "SPRIG: a generation of system prompts"
        case let p?: p.rawValue
        }
    }
}
