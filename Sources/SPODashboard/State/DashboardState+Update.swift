public import SPOCore

extension DashboardState {
    /// Handles a key: changes the view and returns what the engine, the driver
    /// or the replay player should do.
    public mutating func update(_ key: Key) -> [DashboardCommand] {
        ui.message = nil
        if ui.search.editing { return typeSearch(key) }
        switch ui.overlay {
        case .editor(let kind, let task, let text): return typeEditor(key, kind: kind, task: task, text: text)
        case .confirmQuit: return confirmQuit(key)
        case .confirmStart: return confirmStart(key)
        default: break
        }
        guard let action = keymap.action(for: key, mode: mode) else {
            if mode == .replay, let a = keymap.action(for: key, mode: .live), [.pin, .prune, .add].contains(a) {
                ui.message = "\(a.rawValue) needs a live run; this is a replay"
            }
            return []
        }
        if case .provenance(let id) = ui.overlay { return provenanceAction(action, id) }
        if ui.overlay != nil { return overlayAction(action) }
        return perform(action)
    }

    /// Opens an overlay about the selected candidate, or says to select one.
    mutating func openOverlay(_ overlay: (String) -> Overlay) {
        guard let id = selectedCandidate else {
            ui.message = "select a prompt first"
            return
        }
        ui.overlay = overlay(id)
        ui.overlayScroll = 0
    }

    /// In the blame overlay the arrows choose a sentence; Enter selects the
    /// candidate that wrote it in the tree, with its analysis in the analysis
    /// pane; b or Esc close it.
    mutating func provenanceAction(_ action: KeyAction, _ id: String) -> [DashboardCommand] {
        let count = run.provenance(of: id)?.sentences.count ?? 0
        switch action {
        case .up: ui.overlayScroll = max(0, ui.overlayScroll - 1)
        case .down: ui.overlayScroll = min(max(0, count - 1), ui.overlayScroll + 1)
        case .top: ui.overlayScroll = 0
        case .bottom: ui.overlayScroll = max(0, count - 1)
        case .detail:
            guard let p = run.provenance(of: id), p.sentences.indices.contains(ui.overlayScroll) else { return [] }
            let origin = p.sentences[ui.overlayScroll].introducedBy
            ui.overlay = nil
            ui.overlayScroll = 0
            select(candidate: origin)
            ui.focus = .analysis
            ui.analysisScroll = 0
            ui.message = run.candidates[origin]?.analysis.map { "\(origin): written from analysis \($0)" } ?? "\(origin): no analysis (\(run.candidates[origin]?.origin.rawValue ?? "?") prompt)"
        case .blame, .close, .quit:
            ui.overlay = nil
            ui.overlayScroll = 0
        default:
            return overlayAction(action)
        }
        return []
    }

    // MARK: panes

    mutating func perform(_ action: KeyAction) -> [DashboardCommand] {
        switch action {
        case .up: move(-1)
        case .down: move(1)
        case .pageUp: move(-pageSize)
        case .pageDown: move(pageSize)
        case .top: move(-Int.max / 2)
        case .bottom: move(Int.max / 2)
        case .collapse: collapse()
        case .expand: expand()
        case .nextPane: cycleFocus(1)
        case .previousPane: cycleFocus(-1)
        case .detail: openOverlay(Overlay.detail)
        case .mark:
            guard let id = selectedCandidate else { return [] }
            if ui.marked == id {
                ui.marked = nil
                ui.message = "unmarked \(id)"
            } else {
                ui.marked = id
                ui.message = "marked \(id); select another and press d to compare"
            }
        case .diff: openDiff()
        case .blame: openOverlay(Overlay.provenance)
        case .pin: return pin()
        case .prune: return prune()
        case .add:
            guard let row = selectedRow else { return [] }
            if case .system = row { return [.edit(kind: .system, task: nil)] }
            if case .task(_, let t) = row { return [.edit(kind: .user, task: t)] }
            if case .user(_, let t, _) = row { return [.edit(kind: .user, task: t)] }
        case .search:
            ui.search.editing = true
            ui.search.draft = ""
        case .nextMatch: jumpToMatch(1)
        case .previousMatch: jumpToMatch(-1)
        case .export:
            guard let id = selectedCandidate else {
                ui.message = "select a prompt first"
                return []
            }
            return [.export(id)]
        case .pauseResume:
            if mode == .replay {
                ui.replay.paused.toggle()
                return []
            }
            guard !run.isOver else {
                ui.message = "the run is over"
                return []
            }
            return [.engine(run.paused ? .resume : .pause)]
        case .help:
            ui.overlay = .help
            ui.overlayScroll = 0
        case .chart:
            ui.overlay = .chart
            ui.overlayScroll = 0
        case .quit:
            // Leaving a live run without stopping it would leave it running unseen.
            if mode == .live && !run.isOver {
                ui.overlay = .confirmQuit
                return []
            }
            return [.quit]
        case .close:
            if ui.marked != nil {
                ui.marked = nil
            } else if !ui.search.query.isEmpty {
                ui.search.query = ""
            }
        case .faster: ui.replay.faster()
        case .slower: ui.replay.slower()
        case .step:
            ui.replay.paused = true
            return [.step]
        case .nextIteration: return [.seekIteration(1)]
        case .previousIteration: return [.seekIteration(-1)]
        }
        return []
    }

    var pageSize: Int {
        let layout = Layout(size: ui.size)
        switch ui.focus {
        case .tree: return max(1, layout.tree.inner.height - 1)
        case .scores: return max(1, layout.scores.inner.height - 1)
        case .analysis: return max(1, layout.analysis.inner.height - 1)
        case .log: return max(1, layout.log.inner.height - 1)
        }
    }

    mutating func move(_ delta: Int) {
        switch ui.focus {
        case .tree:
            let rows = treeRows()
            guard let i = selectedIndex(in: rows) else { return }
            let j = min(max(0, i.addingReportingOverflow(delta).partialValue), rows.count - 1)
            ui.selection = rows[j]
            ui.analysisScroll = 0
            keepSelectionVisible()
        case .scores:
            ui.scoreScroll = max(0, min(ui.scoreScroll + delta, max(0, run.tasks.count - 1)))
        case .analysis:
            ui.analysisScroll = max(0, min(ui.analysisScroll.addingReportingOverflow(delta).partialValue, 100_000))
        case .log:
            // Up goes back in time.
            ui.logScroll = max(0, min(ui.logScroll.addingReportingOverflow(-delta).partialValue, max(0, log.count - 1)))
        }
    }

    mutating func cycleFocus(_ step: Int) {
        let all = Pane.allCases
        let i = all.firstIndex(of: ui.focus)!
        ui.focus = all[(i + step + all.count) % all.count]
    }

    mutating func collapse() {
        guard ui.focus == .tree, let row = selectedRow else { return }
        switch row {
        case .system(let s):
            if isExpanded(s) { ui.toggled.formSymmetricDifference([s]) }
        case .task(let s, _), .user(let s, _, _):
            ui.selection = .system(s)
        }
        keepSelectionVisible()
    }

    mutating func expand() {
        guard ui.focus == .tree, case .system(let s)? = selectedRow, !isExpanded(s) else { return }
        ui.toggled.formSymmetricDifference([s])
        keepSelectionVisible()
    }

    mutating func openDiff() {
        guard let id = selectedCandidate else {
            ui.message = "select a prompt first"
            return
        }
        if let m = ui.marked, m != id, run.candidates[m] != nil {
            ui.overlay = .diff(old: m, new: id)
        } else if let p = run.candidates[id]?.parent, run.candidates[p] != nil {
            ui.overlay = .diff(old: p, new: id)
        } else {
            ui.message = "\(id) has no parent; mark another prompt with m to compare"
            return
        }
        ui.overlayScroll = 0
    }

    mutating func pin() -> [DashboardCommand] {
        guard let id = selectedCandidate else {
            ui.message = "select a prompt to pin"
            return []
        }
        if run.isOver {
            ui.message = "the run is over"
            return []
        }
        if let refusal = CommandRules.refusePin(exists: true, pruned: isPruned(id)) {
            ui.message = "pin \(id): \(refusal.reason)"
            return []
        }
        if isPinned(id) {
            ui.message = "\(id) is already pinned"
            return []
        }
        ui.pendingPins.insert(id)
        ui.message = "pin \(id) sent"
        return [.engine(.pin(id))]
    }

    mutating func prune() -> [DashboardCommand] {
        guard let id = selectedCandidate, let c = run.candidates[id] else {
            ui.message = "select a prompt to prune"
            return []
        }
        if run.isOver {
            ui.message = "the run is over"
            return []
        }
        if isPruned(id) {
            ui.message = "\(id) is already pruned"
            return []
        }
        // The engine refuses these by the same rule; say why at once.
        if let refusal = CommandRules.refusePrune(kind: c.kind, task: c.task, id: id, currentSystem: run.currentSystem, kept: run.kept) {
            ui.message = "prune \(id): \(refusal.reason)"
            return []
        }
        ui.pendingPrunes.insert(id)
        ui.pendingPins.remove(id)
        ui.message = "prune \(id) sent"
        return [.engine(.prune(id))]
    }

    mutating func jumpToMatch(_ step: Int) {
        let matches = searchMatches()
        guard !matches.isEmpty else {
            ui.message = ui.search.query.isEmpty ? "no search; press / to search" : "no prompt contains \"\(ui.search.query)\""
            return
        }
        let current = selectedCandidate.flatMap { matches.firstIndex(of: $0) }
        let next: Int
        if let current {
            next = (current + step + matches.count) % matches.count
        } else {
            next = step > 0 ? 0 : matches.count - 1
        }
        select(candidate: matches[next])
        ui.message = "match \(next + 1) of \(matches.count): \(matches[next])"
    }

    // MARK: overlays

    mutating func overlayAction(_ action: KeyAction) -> [DashboardCommand] {
        switch action {
        case .up: ui.overlayScroll = max(0, ui.overlayScroll - 1)
        case .down: ui.overlayScroll += 1
        case .pageUp: ui.overlayScroll = max(0, ui.overlayScroll - max(1, ui.size.height - 8))
        case .pageDown: ui.overlayScroll += max(1, ui.size.height - 8)
        case .top: ui.overlayScroll = 0
        case .bottom: ui.overlayScroll = 1_000_000
        case .close, .quit:
            ui.overlay = nil
            ui.overlayScroll = 0
        case .help:
            ui.overlay = ui.overlay == .help ? nil : .help
            ui.overlayScroll = 0
        case .chart:
            ui.overlay = ui.overlay == .chart ? nil : .chart
            ui.overlayScroll = 0
        case .detail:
            // Enter toggles the detail; from a diff it shows the newer prompt.
            if case .diff(_, let new) = ui.overlay {
                ui.overlay = .detail(new)
            } else {
                ui.overlay = nil
            }
            ui.overlayScroll = 0
        case .blame:
            if case .detail(let id) = ui.overlay {
                ui.overlay = .provenance(id)
                ui.overlayScroll = 0
            }
        case .diff:
            if case .detail(let id) = ui.overlay {
                if let old = ui.marked ?? run.candidates[id]?.parent, old != id {
                    ui.overlay = .diff(old: old, new: id)
                    ui.overlayScroll = 0
                } else {
                    ui.message = "\(id) has no parent to compare with; mark another prompt (m) first"
                }
            }
        case .pauseResume, .faster, .slower, .step, .nextIteration, .previousIteration, .export, .pin, .prune:
            // Steering keeps working while reading.
            return perform(action)
        default:
            break
        }
        return []
    }

    /// y (or Enter) starts the run; n, q or Esc close the dashboard without
    /// starting; other keys leave the question up.
    mutating func confirmStart(_ key: Key) -> [DashboardCommand] {
        switch key {
        case .char("y"), .char("Y"), .enter:
            ui.overlay = nil
            return [.startConfirmed(true)]
        case .char("n"), .char("N"), .char("q"), .escape:
            ui.overlay = nil
            return [.startConfirmed(false)]
        default:
            return []
        }
    }

    mutating func confirmQuit(_ key: Key) -> [DashboardCommand] {
        switch key {
        case .char("y"), .char("Y"), .enter:
            ui.overlay = nil
            ui.message = "stopping after the calls in flight…"
            return [.engine(.stop), .quit]
        default:
            ui.overlay = nil
            return []
        }
    }

    mutating func typeSearch(_ key: Key) -> [DashboardCommand] {
        switch key {
        case .enter:
            ui.search.editing = false
            ui.search.query = ui.search.draft
            ui.overlay = nil
            if !ui.search.query.isEmpty { jumpToMatch(1) }
        case .escape:
            ui.search.editing = false
            ui.search.draft = ""
        case .backspace, .delete:
            if !ui.search.draft.isEmpty { ui.search.draft.removeLast() }
        case .char(let c):
            ui.search.draft.append(c)
        default:
            break
        }
        return []
    }

    /// A hand-written prompt from either editor (inline or `$EDITOR`), checked
    /// the same way: empty adds nothing; a user prompt without `{question}`
    /// goes back to the inline editor with its text, so nothing typed is lost.
    public mutating func submitEdited(kind: CandidateKind, task: String?, text: String) -> [DashboardCommand] {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            ui.message = "the prompt is empty; nothing added"
            return []
        }
        if kind == .user, !trimmed.contains("{question}") {
            ui.overlay = .editor(kind: kind, task: task, text: text)
            ui.message = "a user prompt must contain {question}"
            return []
        }
        ui.message = "sent a hand-written \(kind.rawValue) prompt"
        return [.engine(.add(kind: kind, text: trimmed, task: task))]
    }

    mutating func typeEditor(_ key: Key, kind: CandidateKind, task: String?, text: String) -> [DashboardCommand] {
        var text = text
        switch key {
        case .escape:
            ui.overlay = nil
            ui.message = "nothing added"
            return []
        case .ctrl("s"), .ctrl("d"):
            ui.overlay = nil
            return submitEdited(kind: kind, task: task, text: text)
        case .enter: text.append("\n")
        case .tab: text.append("    ")
        case .backspace, .delete:
            if !text.isEmpty { text.removeLast() }
        case .char(let c): text.append(c)
        default: break
        }
        ui.overlay = .editor(kind: kind, task: task, text: text)
        return []
    }
}
