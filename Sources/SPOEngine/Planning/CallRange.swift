/// A number of calls known exactly (`low == high`) or only within bounds (racing).
public struct CallRange: Sendable, Hashable, Codable {
    public var low: Int
    public var high: Int

    public init(low: Int, high: Int) {
        self.low = min(low, high)
        self.high = max(low, high)
    }

    public init(exactly n: Int) { self.init(low: n, high: n) }

    public static let zero = CallRange(exactly: 0)

    public var isExact: Bool { low == high }

    public func contains(_ n: Int) -> Bool { n >= low && n <= high }

    /// `120`, or `80–120` when only bounds are known.
    public var text: String { isExact ? "\(low)" : "\(low)–\(high)" }

    public static func + (a: CallRange, b: CallRange) -> CallRange { CallRange(low: a.low + b.low, high: a.high + b.high) }

    public static func * (k: Int, a: CallRange) -> CallRange { CallRange(low: k * a.low, high: k * a.high) }
}
