/// The `/` search over prompt texts.
public struct SearchState: Sendable, Hashable {
    /// The query in effect (n/N go through its matches).
    public var query = ""
    /// Typing a query: keys go to `draft` until Enter or Esc.
    public var editing = false
    public var draft = ""

    public init() {}
}
