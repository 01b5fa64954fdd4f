/// Which of the two prompts a candidate (or an analysis of it) is.
public enum CandidateKind: String, Sendable, Hashable, CaseIterable, Codable {
    case system
    case user

    /// The letter its ids start with: `S3`, `U7`.
    public var idPrefix: String {
        switch self {
        case .system: "S"
        case .user: "U"
        }
    }
}

extension EventFieldReader {
    func kind(_ key: String) throws(SPOError) -> CandidateKind {
        let raw = try string(key)
        guard let k = CandidateKind(rawValue: raw) else { throw fail(key, "expected \"system\" or \"user\", found \"\(JSONText.inert(raw, limit: 40))\"") }
        return k
    }

    func optionalKind(_ key: String) throws(SPOError) -> CandidateKind? {
        guard try optionalString(key) != nil else { return nil }
        return try kind(key)
    }
}
