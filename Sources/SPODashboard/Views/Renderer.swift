import SPOCore

/// Draws a whole frame from the state: a pure function, so frames can be
/// compared with snapshots and the driver only copies what changed.
public enum Renderer {
    /// The one line shown below the minimum size.
    public static func tooSmallMessage(_ size: Size) -> String {
        "terminal too small (need \(Size.minimum.width)x\(Size.minimum.height), have \(size.width)x\(size.height))"
    }

    public static func render(_ state: DashboardState, size: Size) -> Screen {
        var screen = Screen(size: size, ascii: state.ui.ascii)
        let layout = Layout(size: size, taskCount: state.run.tasks.count)
        guard layout.fits else {
            if size.height > 0 {
                screen.put(tooSmallMessage(size), in: Rect(x: 0, y: size.height / 2, width: size.width, height: 1), role: .warning)
            }
            return screen
        }
        HeaderView.draw(state, in: layout.header, on: &screen)
        LoopProgressView.draw(state, in: layout.progress, on: &screen)
        TreeView.draw(state, in: layout.tree, on: &screen)
        ScoreTableView.draw(state, in: layout.scores, on: &screen)
        AnalysisView.draw(state, in: layout.analysis, sideBySide: layout.analysisSideBySide, on: &screen)
        LogView.draw(state, in: layout.log, on: &screen)
        StatusBar.draw(state, in: layout.status, on: &screen)
        switch state.ui.overlay {
        case .detail, .provenance, .diff, .help, .chart:
            // The two columns beside a full overlay would show cut pieces of
            // the panes beneath (stray letters, a chart's marker): blank them.
            OverlayFrame.clearMargins(on: &screen)
        default: break
        }
        switch state.ui.overlay {
        case nil: break
        case .detail(let id): DetailView.draw(id, state, on: &screen)
        case .provenance(let id): ProvenanceView.draw(id, state, on: &screen)
        case .diff(let old, let new): DiffView.draw(old: old, new: new, state, on: &screen)
        case .help: HelpView.draw(state, on: &screen)
        case .chart: ChartView.draw(state, on: &screen)
        case .confirmQuit: DialogView.confirmQuit(paused: state.run.paused, on: &screen)
        case .confirmStart(let question): DialogView.confirmStart(question, on: &screen)
        case .editor(let kind, let task, let text): DialogView.editor(kind: kind, task: task, text: text, on: &screen)
        }
        return screen
    }

    /// The frame at the state's own size.
    public static func render(_ state: DashboardState) -> Screen {
        render(state, size: state.ui.size)
    }
}
