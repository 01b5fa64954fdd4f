/// A name from an open set that events carry as a string (`PhaseName`,
/// `CandidateOrigin`, `TaskRole`): the raw value is the bytes on disk, the
/// known names are static members, and a name this version does not know (a
/// newer file's) is kept as read instead of failing the line.
public protocol WireName: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible where RawValue == String {
    init(rawValue: String)
}

extension WireName {
    public var description: String { rawValue }

    /// By the raw value: a stable order for sorted output.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
