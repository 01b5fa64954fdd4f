/// Everything about the view that is not the run: selection, focus, overlays,
/// scrolling. Changed only by keys and resizes.
public struct UIState: Sendable, Hashable {
    public var size = Size.minimum
    public var focus = Pane.tree
    /// The selected tree row; nil means the first row.
    public var selection: TreeRowID?
    /// First tree row shown.
    public var treeScroll = 0
    /// System prompts whose expansion differs from the default (the current and
    /// the best are open, others closed).
    public var toggled: Set<String> = []
    /// The candidate marked with `m`, to diff against.
    public var marked: String?
    public var overlay: Overlay?
    public var overlayScroll = 0
    public var scoreScroll = 0
    public var analysisScroll = 0
    /// Log lines scrolled back from the newest (0 follows the tail).
    public var logScroll = 0
    public var search = SearchState()
    /// One line for the status bar (what a key did, why it could not).
    public var message: String?
    /// Pins and prunes sent to the engine and not yet confirmed by its event:
    /// the tree shows them at once.
    public var pendingPins: Set<String> = []
    public var pendingPrunes: Set<String> = []
    public var replay = ReplayControls()
    /// Seconds since the run started, as the driver's clock says (a live run's
    /// elapsed time moves between events); nil uses the last event's time.
    public var clock: Double?
    /// Draw with ASCII only.
    public var ascii = false

    public init() {}
}
