/// A phase of an iteration, as `phase_started`, `phase_finished`, `selection`
/// and `race` name it. An open set: the raw value is the bytes on disk, and a
/// name this version does not know (a newer method's phase) is kept as read.
public struct PhaseName: WireName {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Iteration 0: the initial prompts scored.
    public static let initial = PhaseName(rawValue: "init")
    /// MetaSPO's inner loop: user prompts per task.
    public static let inner = PhaseName(rawValue: "inner")
    /// MetaSPO's outer loop: the shared system prompt.
    public static let outer = PhaseName(rawValue: "outer")
    /// The final prompts on the test split.
    public static let test = PhaseName(rawValue: "test")
    /// ProTeGi's expansion of user prompts.
    public static let expand = PhaseName(rawValue: "expand")
    /// APE's resampling of user prompts.
    public static let resample = PhaseName(rawValue: "resample")
    /// SPRIG's generation of system prompts.
    public static let generation = PhaseName(rawValue: "generation")

    /// Not a phase but a `selection` the user made by pinning a system prompt.
    public static let pin = PhaseName(rawValue: "pin")
}
