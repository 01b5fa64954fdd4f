import SPOCore

/// The chart overlay (`c`): for each source task, the best train score after
/// init and each iteration as a dot line on a 0–100% scale, with the test
/// scores of the starting and the optimized prompts as markers on the y axis
/// and just right of the plot; below, unseen tasks' test scores as a pair of bars. Wide screens put
/// two task charts side by side; the overlay scrolls when they do not fit.
enum ChartView {
    static func draw(_ state: DashboardState, on screen: inout Screen) {
        let ascii = screen.ascii
        let rect = OverlayFrame.rect(for: screen.size)
        screen.box(rect, title: "Scores by iteration", role: .title)
        let body = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let lines = lines(state.run, width: body.width, height: body.height, ascii: ascii)
        let scroll = OverlayFrame.clamp(state.ui.overlayScroll, lines: lines.count, height: body.height)
        screen.draw(lines: lines, in: body, scroll: scroll)
        let pos = OverlayFrame.position(scroll, lines: lines.count, height: body.height, ascii: ascii)
        screen.boxFooter(rect, (pos.isEmpty ? "" : pos + " · ") + "c or Esc close")
    }

    /// The last iteration on the x axis: what the config plans, or further.
    static func xMax(_ run: RunModel) -> Int {
        var top = max(1, run.plan.iterations, run.iteration)
        for s in run.taskSeries.values { top = max(top, s.keys.max() ?? 0) }
        return top
    }

    static func lines(_ run: RunModel, width: Int, height: Int, ascii: Bool) -> [[Glyph]] {
        func text(_ s: String, _ role: Role = .text) -> [Glyph] { InertText.glyphs(s, role: role, ascii: ascii) }
        let source = run.sourceTasks
        let unseen = run.unseenTasks
        if source.isEmpty && unseen.isEmpty { return [text("no tasks yet", .dim)] }
        let point = ascii ? "o" : "●", testMark = ascii ? "#" : "◆"
        var legend = text(point, .chart) + text(" best train  ", .dim) + text(testMark, .best) + text(" test: initial on the axis, optimized at the right edge", .dim)
        let xNote = text("   x: iteration (0 = init)", .dim)
        if legend.displayWidth + xNote.displayWidth <= width { legend += xNote }
        var out: [[Glyph]] = [legend]
        let unseenLines = unseen.isEmpty ? 0 : unseen.count + 1
        let columns = width >= 120 && source.count >= 2 ? 2 : 1
        let gap = 4
        let blockRows = (source.count + columns - 1) / columns
        // Each block: a title, the plot, the labelled axis and a blank line.
        let room = blockRows == 0 ? 0 : (height - out.count - unseenLines) / blockRows - 3
        let blockWidth = columns == 2 ? (width - gap) / 2 : width
        // Not taller than a third of its width in cells (about square on screen).
        let plotRows = max(3, min(room, (blockWidth - 6) / 3))
        let initialSystem = run.systems.first { run.candidates[$0]?.origin == .initial } ?? run.systems.first
        let top = xMax(run)
        var blocks: [[[Glyph]]] = []
        for t in source {
            let u0 = initialUser(run, t.name)
            let (before, after) = ScoreTableView.testScores(run, task: t.name, unseen: false, initialSystem: initialSystem, initialUser: u0)
            blocks.append(block(run, task: t.name, test: (before, after), xMax: top, width: blockWidth, plotRows: plotRows, ascii: ascii))
        }
        for k in stride(from: 0, to: blocks.count, by: columns) {
            let left = blocks[k]
            let right = k + 1 < blocks.count && columns == 2 ? blocks[k + 1] : []
            for i in 0..<max(left.count, right.count) {
                var line = i < left.count ? left[i] : []
                if !right.isEmpty {
                    line += Array(repeating: Glyph(" "), count: max(0, blockWidth + gap - line.displayWidth))
                    if i < right.count { line += right[i] }
                }
                out.append(line)
            }
            out.append([])
        }
        if !unseen.isEmpty {
            out.append(text("Unseen tasks: test score, initial " + (ascii ? "->" : "→") + " optimized system prompt", .title))
            let nameWidth = min(24, max(8, unseen.map { InertText.width($0.name, ascii: ascii) }.max() ?? 8) + 1)
            let barWidth = min(30, max(4, (width - nameWidth - 2 * 8 - 3) / 2))
            for t in unseen {
                let u0 = initialUser(run, t.name)
                let (before, after) = ScoreTableView.testScores(run, task: t.name, unseen: true, initialSystem: initialSystem, initialUser: u0)
                var line = Array(text(t.name).prefix(nameWidth - 1))
                line += Array(repeating: Glyph(" "), count: max(0, nameWidth - line.displayWidth))
                if before == nil && after == nil {
                    out.append(line + text("not tested yet", .dim))
                    continue
                }
                line += bar(before, width: barWidth, role: .dim, ascii: ascii) + text(" " + Format.pad(before.map(Format.percent) ?? "–", 6, right: true) + "  ")
                let role: Role = before.flatMap { b in after.map { $0 > b ? .scoreUp : $0 < b ? .scoreDown : .chart } } ?? .chart
                line += bar(after, width: barWidth, role: role, ascii: ascii) + text(" " + Format.pad(after.map(Format.percent) ?? "…", 6, right: true), role == .chart ? .text : role)
                out.append(line)
            }
        }
        return out
    }

    static func initialUser(_ run: RunModel, _ task: String) -> String? {
        run.order.first { run.candidates[$0]?.task == task && run.candidates[$0]?.kind == .user && run.candidates[$0]?.origin == .initial }
    }

    /// One task: title with the scores, the plot with its y labels, the x axis
    /// and its labels.
    static func block(_ run: RunModel, task: String, test: (Double?, Double?), xMax: Int, width: Int, plotRows: Int, ascii: Bool) -> [[Glyph]] {
        func text(_ s: String, _ role: Role = .text) -> [Glyph] { InertText.glyphs(s, role: role, ascii: ascii) }
        let arrow = ascii ? ">" : "→"
        let series = (run.taskSeries[task] ?? [:]).sorted { $0.key < $1.key }
        var title = text(task, .title)
        if let f = series.first, let l = series.last {
            let d = l.value - f.value
            title += text("  train \(Format.percent(f.value))\(arrow)\(Format.percent(l.value)) ", .dim)
            title += text(Format.delta(d), d > 0.0005 ? .scoreUp : d < -0.0005 ? .scoreDown : .dim)
        }
        if let b = test.0 {
            title += text("  test \(Format.percent(b))\(arrow)" + (test.1.map(Format.percent) ?? "…"), .dim)
        }
        var out: [[Glyph]] = [Array(title.prefix(width))]

        let labelWidth = 5
        // One column after the plot holds the optimized prompts' test marker.
        let plotWidth = max(4, width - labelWidth - 2)
        var canvas = DotCanvas(columns: plotWidth, rows: plotRows)
        let fx = { (i: Int) in Double(i) / Double(max(1, xMax)) }
        var previous: (x: Int, y: Int)?
        for (i, v) in series {
            let d = canvas.dot(fx: fx(i), fy: v)
            if let p = previous { canvas.line(from: p, to: d) }
            previous = d
        }
        for (i, v) in series {
            let d = canvas.dot(fx: fx(i), fy: v)
            canvas.mark(x: d.x, y: d.y, Glyph(ascii ? "o" : "●", role: .chart))
        }
        // Test scores sit on the y axis (initial) and just right of the plot
        // (optimized), so they never hide a train point.
        let testMark = Glyph(ascii ? "#" : "◆", role: .best)
        let beforeRow = test.0.map { canvas.dot(fx: 0, fy: $0).y / 4 }
        let afterRow = test.1.map { canvas.dot(fx: 1, fy: $0).y / 4 }
        let axis: Character = ascii ? "|" : "│"
        // Y labels on the rows their values fall on: ends always, quarters when tall.
        var yLabels: [Int: String] = [:]
        let marks: [Double] = plotRows >= 12 ? [0, 0.25, 0.5, 0.75, 1] : plotRows >= 5 ? [0, 0.5, 1] : [0, 1]
        for v in marks { yLabels[canvas.dot(fx: 0, fy: v).y / 4] = "\(Int(v * 100))%" }
        for r in 0..<plotRows {
            var line = text(Format.pad(yLabels[r] ?? "", labelWidth - 1, right: true) + " ", .dim)
            line.append(r == beforeRow ? testMark : Glyph(axis, role: .border))
            line += canvas.glyphs(row: r, role: .chart, ascii: ascii)
            if r == afterRow { line.append(testMark) }
            out.append(line)
        }
        // The x axis with the iteration numbers set into it, skipping any that would touch.
        var axisLine = text(String(repeating: " ", count: labelWidth), .dim) + text((ascii ? "+" : "└") + String(repeating: ascii ? "-" : "─", count: plotWidth), .border)
        var free = 0
        for i in 0...max(1, xMax) {
            let col = labelWidth + 1 + Int((fx(i) * Double(plotWidth - 1)).rounded())
            let s = Array(String(i))
            let start = min(col, axisLine.count - s.count)
            guard start >= free else { continue }
            for (k, c) in s.enumerated() { axisLine[start + k] = Glyph(c, role: .dim) }
            free = start + s.count + 1
        }
        out.append(axisLine)
        return out
    }

    /// A horizontal bar for a score from 0 to 1, in eighths of a cell.
    static func bar(_ v: Double?, width: Int, role: Role, ascii: Bool) -> [Glyph] {
        guard let v, v.isFinite else { return Array(repeating: Glyph(" "), count: width) }
        let eighths = Int((min(max(v, 0), 1) * Double(width * 8)).rounded())
        var out: [Glyph] = []
        let partial: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        for k in 0..<width {
            let fill = eighths - k * 8
            if fill >= 8 {
                out.append(Glyph(ascii ? "#" : "█", role: role))
            } else if fill > 0, !ascii {
                out.append(Glyph(partial[fill - 1], role: role))
            } else if fill >= 4, ascii {
                out.append(Glyph("#", role: role))
            } else {
                out.append(Glyph(ascii ? "." : "·", role: .dim))
            }
        }
        return out
    }
}
