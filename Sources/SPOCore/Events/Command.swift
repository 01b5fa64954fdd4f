/// A command to a running engine, as `command` and `command_refused` events
/// name it. An open set (`WireName`): a newer file's command is kept as read.
public struct CommandName: WireName {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pause = CommandName(rawValue: "pause")
    public static let resume = CommandName(rawValue: "resume")
    public static let stop = CommandName(rawValue: "stop")
    /// Keep a candidate whatever its score.
    public static let pin = CommandName(rawValue: "pin")
    /// Drop a candidate from the search.
    public static let prune = CommandName(rawValue: "prune")
    /// A hand-written candidate.
    public static let add = CommandName(rawValue: "add")
}

/// Who gave a command (`command` events' `by`): today always the user at the
/// dashboard; an open set so a newer file's source is kept as read.
public struct CommandSource: WireName {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A key pressed at the dashboard (or a signal the CLI turned into a stop).
    public static let user = CommandSource(rawValue: "user")
}

extension EngineEvent {
    /// A command the engine accepted while running, logged so replay and resume
    /// see it too.
    public struct Command: Sendable, Hashable {
        public var command: CommandName
        /// The candidate it applies to (pin, prune, add).
        public var id: String?
        /// Who gave it.
        public var by: CommandSource

        public init(command: CommandName, id: String? = nil, by: CommandSource = .user) {
            self.command = command
            self.id = id
            self.by = by
        }
    }
}

extension EngineEvent.Command: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        command = CommandName(rawValue: try r.string("command"))
        id = try r.optionalString("id")
        by = CommandSource(rawValue: try r.string("by"))
    }

    func write(to w: inout EventFieldWriter) {
        w.add("command", command.rawValue)
        w.add("id", ifPresent: id)
        w.add("by", by.rawValue)
    }
}
