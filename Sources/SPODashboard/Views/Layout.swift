/// Where each pane goes at a size. Below `Size.minimum` nothing but a message
/// is drawn. Wide screens give the tree more room and put the failure analysis
/// beside its examples; tall ones give the log more lines.
public struct Layout: Sendable, Hashable {
    public var size: Size
    public var header: Rect
    public var progress: Rect
    public var tree: Rect
    public var scores: Rect
    public var analysis: Rect
    public var log: Rect
    public var status: Rect
    /// Whether the analysis pane shows its text and examples side by side.
    public var analysisSideBySide: Bool

    public var fits: Bool { size.width >= Size.minimum.width && size.height >= Size.minimum.height }

    public init(size: Size, taskCount: Int = 3) {
        self.size = size
        let all = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let (top, rest0) = all.splitTop(2)
        header = top
        let (prog, rest1) = rest0.splitTop(1)
        progress = prog
        let (rest2, bottom) = rest1.splitBottom(1)
        status = bottom
        let logHeight = size.height < 30 ? 5 : max(5, size.height / 5)
        let (main, logRect) = rest2.splitBottom(logHeight)
        log = logRect
        // Wide screens give the tree (whose previews want room) up to 45%; the
        // scores table needs little more than its task names.
        let treeWidth = min(max(36, size.width * 45 / 100), 96)
        let (left, right) = main.splitLeft(treeWidth)
        tree = left
        let scoresHeight = min(max(4, taskCount + 3), max(4, main.height / 2))
        let (s, a) = right.splitTop(scoresHeight)
        scores = s
        analysis = a
        analysisSideBySide = a.width >= 90
    }
}
