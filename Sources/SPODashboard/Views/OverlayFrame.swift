/// The box an overlay is drawn in: most of the screen, leaving the header
/// visible.
enum OverlayFrame {
    static func rect(for size: Size) -> Rect {
        Rect(x: 2, y: 2, width: size.width - 4, height: size.height - 3)
    }

    /// Blanks the columns left and right of `rect(for:)`, from the overlay's
    /// top row to the one above the status bar.
    static func clearMargins(on screen: inout Screen) {
        let r = rect(for: screen.size)
        guard r.height > 0 else { return }
        screen.fill(Rect(x: 0, y: r.y, width: r.x, height: r.height))
        let right = r.x + r.width
        screen.fill(Rect(x: right, y: r.y, width: max(0, screen.size.width - right), height: r.height))
    }

    /// Clamps a scroll position to the content and says where it is.
    static func clamp(_ scroll: Int, lines: Int, height: Int) -> Int {
        max(0, min(scroll, lines - height))
    }

    static func position(_ scroll: Int, lines: Int, height: Int, ascii: Bool) -> String {
        guard lines > height else { return "" }
        return "\(scroll + 1)-\(min(lines, scroll + height))/\(lines) " + (ascii ? "Up/Down" : "↑↓")
    }
}
