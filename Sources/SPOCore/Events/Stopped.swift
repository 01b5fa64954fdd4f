extension EngineEvent {
    /// The run ended before finishing: by a stop command, a budget or an error.
    /// `resumable` says whether `metaspo resume` can continue it.
    public struct Stopped: Sendable, Hashable {
        public var reason: String
        public var resumable: Bool

        public init(reason: String, resumable: Bool) {
            self.reason = reason
            self.resumable = resumable
        }
    }
}

extension EngineEvent.Stopped: EventPayload {
    init(fields r: EventFieldReader) throws(SPOError) {
        reason = try r.string("reason")
        resumable = try r.bool("resumable")
    }

    func write(to w: inout EventFieldWriter) {
        w.add("reason", reason)
        w.add("resumable", resumable)
    }
}
