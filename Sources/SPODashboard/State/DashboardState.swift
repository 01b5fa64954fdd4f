public import SPOCore

/// The dashboard's whole state: the folded run and the view. Events go in
/// through `apply`, keys through `update` (which returns commands for the
/// engine or the driver), and `Renderer.render` draws it; all three are pure,
/// so a frame is a function of the events and keys that came before.
public struct DashboardState: Sendable {
    public var run = RunModel()
    /// The Events pane's lines, worded by `LogWording` as events are folded.
    public var log: [LogEntry] = []
    public var ui = UIState()
    public var mode: DashboardMode
    public var keymap: Keymap
    /// Train questions per task by example index, when the driver knows the
    /// task data (events carry only the index).
    public var questions: [String: [String]] = [:]

    public init(mode: DashboardMode = .live, size: Size = .minimum, ascii: Bool = false, keymap: Keymap = .standard) {
        self.mode = mode
        self.keymap = keymap
        ui.size = size
        ui.ascii = ascii
    }

    /// Lines the log keeps; older ones are dropped.
    public static let logLimit = 5000

    /// Folds one event into the run and words it for the log.
    public mutating func apply(_ record: EventRecord) {
        let lines = LogWording.entries(for: record, before: run)
        run.apply(record)
        if !lines.isEmpty {
            log += lines
            if log.count > Self.logLimit + Self.logLimit / 4 { log.removeFirst(log.count - Self.logLimit) }
        }
        switch record.event {
        case .command(let c):
            if let id = c.id {
                ui.pendingPins.remove(id)
                ui.pendingPrunes.remove(id)
            }
        case .commandRefused(let r):
            // The engine refused a pin or prune: drop the optimistic mark.
            if let id = r.id {
                if r.command == .pin { ui.pendingPins.remove(id) }
                if r.command == .prune { ui.pendingPrunes.remove(id) }
            }
        default:
            break
        }
    }

    public mutating func apply(_ records: some Sequence<EventRecord>) {
        for r in records { apply(r) }
    }

    public mutating func resize(_ size: Size) {
        ui.size = size
        keepSelectionVisible()
    }

    /// A line in the status bar until the next key.
    public mutating func showMessage(_ text: String) {
        ui.message = text
    }

    /// Opens the inline editor for a hand-written prompt (when there is no
    /// `$EDITOR`), starting from `text`.
    public mutating func openInlineEditor(kind: CandidateKind, task: String?, text: String = "") {
        ui.overlay = .editor(kind: kind, task: task, text: text)
    }

    // MARK: tree

    /// Whether a system prompt's children are shown.
    public func isExpanded(_ system: String) -> Bool {
        let open = system == run.currentSystem || system == run.bestSystem
        return open != ui.toggled.contains(system)
    }

    /// The rows of the candidate tree, top to bottom.
    public func treeRows() -> [TreeRowID] {
        var rows: [TreeRowID] = []
        for s in run.systems {
            rows.append(.system(s))
            guard isExpanded(s) else { continue }
            for t in run.sourceTasks {
                let users = run.users(under: s, task: t.name)
                guard !users.isEmpty else { continue }
                rows.append(.task(system: s, task: t.name))
                for u in users { rows.append(.user(system: s, task: t.name, user: u)) }
            }
        }
        return rows
    }

    /// The selected row's index in `rows`: the remembered row, else the nearest
    /// row of the same system, else the first.
    public func selectedIndex(in rows: [TreeRowID]) -> Int? {
        guard !rows.isEmpty else { return nil }
        guard let sel = ui.selection else { return 0 }
        if let i = rows.firstIndex(of: sel) { return i }
        return rows.firstIndex(of: .system(sel.system)) ?? 0
    }

    /// The selected row.
    public var selectedRow: TreeRowID? {
        let rows = treeRows()
        return selectedIndex(in: rows).map { rows[$0] }
    }

    /// The candidate on the selected row (a task row has none).
    public var selectedCandidate: String? { selectedRow?.candidate }

    /// Rows the tree pane shows at the current size.
    var treeHeight: Int { max(1, Layout(size: ui.size).tree.inner.height) }

    /// First row to draw so that the selected one is visible.
    public static func scrollOffset(stored: Int, selected: Int, count: Int, height: Int) -> Int {
        guard count > height else { return 0 }
        var top = min(max(0, stored), count - height)
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        return top
    }

    mutating func keepSelectionVisible() {
        let rows = treeRows()
        guard let i = selectedIndex(in: rows) else { return }
        ui.treeScroll = Self.scrollOffset(stored: ui.treeScroll, selected: i, count: rows.count, height: treeHeight)
    }

    /// Selects the row of a candidate: a system prompt's own row, or a user
    /// prompt under the current system if it was scored there (else where it
    /// was written or first scored), opening its system prompt.
    public mutating func select(candidate id: String) {
        guard let c = run.candidates[id] else { return }
        let row: TreeRowID
        if c.kind == .system {
            row = .system(id)
        } else {
            guard let task = c.task else { return }
            let candidatesSystems = [run.currentSystem, c.systemAtCreation].compactMap { $0 } + run.systems
            guard let s = candidatesSystems.first(where: { run.users(under: $0, task: task).contains(id) }) else { return }
            row = .user(system: s, task: task, user: id)
            if !isExpanded(s) { ui.toggled.formSymmetricDifference([s]) }
        }
        ui.selection = row
        ui.focus = .tree
        keepSelectionVisible()
    }

    // MARK: marks

    public func isPinned(_ id: String) -> Bool {
        (run.candidates[id]?.pinned ?? false || ui.pendingPins.contains(id)) && !isPruned(id)
    }

    public func isPruned(_ id: String) -> Bool {
        run.candidates[id]?.pruned ?? false || ui.pendingPrunes.contains(id)
    }

    /// Candidates whose text contains the search query (any case), or whose id is it.
    public func searchMatches() -> [String] {
        let q = ui.search.query.lowercased()
        guard !q.isEmpty else { return [] }
        return run.order.filter { id in
            id.lowercased() == q || (run.candidates[id]?.text.lowercased().contains(q) ?? false)
        }
    }

    /// Seconds since the run started.
    public var elapsed: Double { max(run.lastT, ui.clock ?? 0) }
}
