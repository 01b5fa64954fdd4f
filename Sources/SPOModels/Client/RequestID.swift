import Foundation
import NIOConcurrencyHelpers

/// The `X-Client-Request-Id` header each request carries: `metaspo-<pid>-<n>`,
/// `n` counting the process's requests from 1. A server that logs it (OpenAI
/// does, as do many gateways) lets a failed request be found in its logs; the
/// process ID tells concurrent or successive metaspo processes apart (tests
/// use it to know which process asked what after a kill). A retry keeps its
/// request's ID.
public enum RequestID {
    public static let header = "X-Client-Request-Id"

    private static let counter = NIOLockedValueBox(0)
    private static let prefix = "metaspo-\(ProcessInfo.processInfo.processIdentifier)-"

    /// A new ID for one request.
    public static func next() -> String {
        prefix + String(counter.withLockedValue { $0 += 1; return $0 })
    }

    /// The process ID inside an ID made by `next()`, nil for any other value.
    public static func processID(in id: String) -> Int32? {
        let parts = id.split(separator: "-")
        guard parts.count == 3, parts[0] == "metaspo", Int(parts[2]) != nil else { return nil }
        return Int32(parts[1])
    }
}
