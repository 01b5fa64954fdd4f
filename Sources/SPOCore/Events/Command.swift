/// The commands the engine takes while running, by the names events carry.
public enum CommandName: String, Sendable, Hashable, CaseIterable {
    case pause, resume, stop, pin, prune, add
}

extension EngineEvent {
    /// A command the engine accepted while running, logged so replay and resume
    /// see it too.
    public struct Command: Sendable, Hashable {
        /// "pause", "resume", "stop", "pin", "prune" or "add".
        public var command: String
        /// The candidate it applies to (pin, prune, add).
        public var id: String?
        /// Who gave it: "user" (dashboard keys), "cli", "budget"…
        public var by: String

        public init(command: String, id: String? = nil, by: String) {
            self.command = command
            self.id = id
            self.by = by
        }
    }
}

extension EngineEvent.Command: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        command = try r.string("command")
        id = try r.optionalString("id")
        by = try r.string("by")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("command", command)
        w.add("id", ifPresent: id)
        w.add("by", by)
    }
}
