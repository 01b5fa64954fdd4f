import Foundation
import SPOCore

/// Reads back the values a meta-prompt was filled with: the inverse of
/// `MetaPrompt.render`, found by walking the template's literal pieces.
enum TemplateFill {
    /// The value of each `{{placeholder}}` in `rendered`, or nil when the text
    /// does not follow the template. A value runs up to the first occurrence of
    /// the literal that follows its placeholder.
    static func values(of template: MetaPrompt, in rendered: String) -> [String: String]? {
        let pieces = split(template.user)
        var rest = Substring(rendered)
        guard rest.hasPrefix(pieces.literals[0]) else { return nil }
        rest = rest.dropFirst(pieces.literals[0].count)
        var out: [String: String] = [:]
        for (i, key) in pieces.keys.enumerated() {
            let next = pieces.literals[i + 1]
            if next.isEmpty {
                // Two placeholders back to back cannot be told apart; the first gets all.
                out[key] = String(rest)
                rest = rest[rest.endIndex...]
                continue
            }
            guard let r = rest.range(of: next) else { return nil }
            out[key] = String(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        return out
    }

    /// The template as literals with keys between them (`literals.count == keys.count + 1`).
    private static func split(_ user: String) -> (literals: [String], keys: [String]) {
        var literals: [String] = []
        var keys: [String] = []
        var rest = Substring(user)
        var literal = ""
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            literal += rest[..<open.lowerBound]
            literals.append(literal)
            literal = ""
            keys.append(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        literal += rest
        literals.append(literal)
        return (literals, keys)
    }

    /// The text after a `[Header]` line up to the next blank line followed by
    /// `[`: the layout of the shipped templates, used when the template that made
    /// the request is unknown (a user override).
    static func section(_ header: String, in text: String) -> String? {
        guard let start = text.range(of: "[\(header)]\n") else { return nil }
        let body = text[start.upperBound...]
        if let end = body.range(of: "\n\n[") { return String(body[..<end.lowerBound]) }
        if let end = body.range(of: "\n\n") { return String(body[..<end.lowerBound]) }
        return String(body)
    }
}
