/// A line of the event log.
public struct LogEntry: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable {
        case info
        /// Routine detail (each finished evaluation).
        case detail
        /// Something went well (a better system prompt, the run finished).
        case good
        case warning
        case error
    }

    public var seq: Int
    public var t: Double
    public var level: Level
    public var text: String
}
