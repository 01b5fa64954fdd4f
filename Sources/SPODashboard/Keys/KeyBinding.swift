/// One line of the keymap: the keys, what they do, and the help text shown
/// for them.
public struct KeyBinding: Sendable, Hashable {
    /// Where a binding applies.
    public enum Scope: String, Sendable, Hashable {
        case always
        /// Only on a live run (it sends a command to the engine).
        case live
        /// Only while replaying a session.
        case replay
    }

    public var keys: [Key]
    public var action: KeyAction
    public var help: String
    public var section: String
    public var scope: Scope

    public init(_ keys: [Key], _ action: KeyAction, _ help: String, section: String, scope: Scope = .always) {
        self.keys = keys
        self.action = action
        self.help = help
        self.section = section
        self.scope = scope
    }

    /// "↑ k" style label of the keys.
    public func label(ascii: Bool) -> String {
        keys.map { $0.label(ascii: ascii) }.joined(separator: " ")
    }
}
