/// A score history as one row of block characters, 0 at the bottom, 1 at the top.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiBlocks: [Character] = ["_", ".", ":", "-", "=", "+", "*", "#"]

    /// The last `width` values as glyphs in the chart role.
    public static func glyphs(_ values: [Double], width: Int, ascii: Bool) -> [Glyph] {
        let set = ascii ? asciiBlocks : blocks
        return values.suffix(max(0, width)).map { v in
            let clamped = min(1, max(0, v.isFinite ? v : 0))
            let i = min(set.count - 1, Int((clamped * Double(set.count - 1)).rounded()))
            return Glyph(set[i], role: .chart)
        }
    }
}
