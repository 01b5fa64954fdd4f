extension EngineEvent {
    /// A command the engine did not carry out, and why (`command_refused`):
    /// the dashboard drops its optimistic mark by the command and id, never by
    /// reading the sentence.
    public struct CommandRefused: Sendable, Hashable {
        /// "pin" or "prune".
        public var command: CommandName
        public var id: String?
        /// Why, for a person: "it is the only kept user prompt of navigate".
        public var reason: String

        public init(command: CommandName, id: String?, reason: String) {
            self.command = command
            self.id = id
            self.reason = reason
        }

        /// "prune U3: it is the only kept user prompt of navigate" (what the log shows).
        public var sentence: String { "\(command)\(id.map { " \($0)" } ?? ""): \(reason)" }
    }
}

extension EngineEvent.CommandRefused: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        command = CommandName(rawValue: try r.string("command"))
        id = try r.optionalString("id")
        reason = try r.string("reason")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("command", command.rawValue)
        w.add("id", ifPresent: id)
        w.add("reason", reason)
    }
}
