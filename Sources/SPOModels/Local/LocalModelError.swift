/// A failure of the local model layer, phrased for a person: what went wrong,
/// and where to look (the log file) when there is more to read.
public struct LocalModelError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The log that holds the child's own output, when one does.
    public var logFile: String?

    public init(_ message: String, logFile: String? = nil) {
        self.message = message
        self.logFile = logFile
    }

    public var description: String {
        guard let logFile else { return message }
        return "\(message)\n  log: \(logFile)"
    }
}
