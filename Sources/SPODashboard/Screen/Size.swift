/// A terminal size in cells.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The smallest size the full layout is drawn at.
    public static let minimum = Size(width: 80, height: 24)

    public var description: String { "\(width)x\(height)" }
}
