/// What a key asks for. The keymap binds keys to actions; `DashboardState`
/// performs them, in the context of the pane or overlay in front.
public enum KeyAction: String, Sendable, Hashable, CaseIterable {
    // Moving
    case up, down, collapse, expand, pageUp, pageDown, top, bottom
    case nextPane, previousPane
    // Candidates
    case detail, mark, diff, blame, pin, prune, add, search, nextMatch, previousMatch, export
    // Run
    case pauseResume, help, chart, quit, close
    // Replay
    case faster, slower, step, nextIteration, previousIteration
}
