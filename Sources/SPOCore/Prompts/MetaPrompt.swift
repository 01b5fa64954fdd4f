import Foundation

/// One meta-prompt: the optimizer's system message and a user message template
/// with `{{placeholder}}` slots. Double braces keep `{question}` literal.
public struct MetaPrompt: Sendable, Hashable {
    public var name: String
    public var system: String
    public var user: String

    public init(name: String, system: String, user: String) {
        self.name = name
        self.system = system
        self.user = user
    }

    /// The user message with every `{{key}}` replaced. Values are inserted once,
    /// left to right, so a value that itself contains `{{…}}` is never expanded.
    public func render(_ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(user)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let key = String(afterOpen[..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            if let v = values[key] { out += v } else { out += rest[open.lowerBound..<close.upperBound] }
            rest = afterOpen[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Placeholders the template uses.
    public var placeholders: Set<String> {
        var keys = Set<String>()
        var rest = Substring(user)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            keys.insert(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return keys
    }
}
