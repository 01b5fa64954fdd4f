/// A small, fast, seedable generator (SplitMix64).
///
/// Swift's own `shuffle()` may change its algorithm between releases; splits and
/// generated tasks must be identical on every machine and toolchain, so every
/// random choice in metaspo goes through this generator and `stableShuffle`.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Seeds from a run seed and a label, so independent streams do not overlap.
    public init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in stream.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        state = seed ^ h
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift, bias-free).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        while true {
            let x = next()
            let (hi, lo) = x.multipliedFullWidth(by: b)
            if lo >= (0 &- b) % b { return Int(hi) }
        }
    }

    /// A uniform integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty collection.
    public mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + below(items.count)]
    }
}

extension Array {
    /// Fisher–Yates with `SeededRandom`: the same permutation on every platform.
    public mutating func stableShuffle(using rng: inout SeededRandom) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = rng.below(i + 1)
            if i != j { swapAt(i, j) }
        }
    }

    public func stableShuffled(using rng: inout SeededRandom) -> [Element] {
        var copy = self
        copy.stableShuffle(using: &rng)
        return copy
    }

    /// `k` distinct elements in random order (all of them when `k >= count`).
    public func stableSample(_ k: Int, using rng: inout SeededRandom) -> [Element] {
        Array(stableShuffled(using: &rng).prefix(Swift.max(0, k)))
    }
}
