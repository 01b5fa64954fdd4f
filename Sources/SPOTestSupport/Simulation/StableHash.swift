/// A hash that is the same on every platform and in every process: the
/// simulated endpoint decides its replies with it, and Swift's `Hasher` is
/// seeded anew per process, so it cannot be used for that.
enum StableHash {
    /// FNV-1a over the UTF-8 of each part, a 0xFF byte between parts (it never
    /// occurs in UTF-8, so ("ab", "c") and ("a", "bc") differ), then a
    /// splitmix64 finaliser so that nearby inputs land far apart.
    static func hash(_ parts: [String]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                h ^= UInt64(byte)
                h &*= 0x0000_0100_0000_01b3
            }
            h ^= 0xff
            h &*= 0x0000_0100_0000_01b3
        }
        return mix(h)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in [0, 1) decided by the parts.
    static func unit(_ parts: [String]) -> Double {
        Double(hash(parts) >> 11) / Double(UInt64(1) << 53)
    }

    /// Whitespace collapsed and lower-cased, so that layout alone never changes
    /// how well a prompt does.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }
}
