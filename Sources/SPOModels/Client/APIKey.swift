import Foundation

/// A bearer token for an endpoint. Its description never shows the value, so a
/// stray `print` or string interpolation cannot leak it.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; only the request builder and the redactor read it.
    public let value: String
    /// Where it came from, for messages: `environment variable OPENAI_API_KEY` or `key file /x`.
    public let source: String

    public init(value: String, source: String) {
        self.value = value
        self.source = source
    }

    public var description: String { "API key from \(source)" }
    public var debugDescription: String { description }

    /// Reads the key: from `file` when given (it must be owner-only), else from the
    /// environment variable `env`. Returns nil when neither yields a key: local
    /// servers (llama.cpp, vLLM, Ollama) usually need none.
    public static func resolve(env: String?, file: String?, environment: [String: String]? = nil) throws -> APIKey? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let file, !file.isEmpty {
            return try fromFile(file)
        }
        guard let env, !env.isEmpty, let raw = environment[env] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        try checkCharacters(value, source: "environment variable \(env)")
        return APIKey(value: value, source: "environment variable \(env)")
    }

    /// Reads an owner-only key file. A key readable by group or others is refused
    /// rather than used, the way ssh treats private keys.
    public static func fromFile(_ path: String) throws -> APIKey {
        let expanded = (path as NSString).expandingTildeInPath
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: expanded)
        } catch {
            throw ModelError(.apiKey, "API key file \(path) cannot be read: it does not exist or is not accessible")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw ModelError(
                .apiKey,
                "API key file \(path) has mode \(String(mode & 0o777, radix: 8)) and is readable by group or others; "
                    + "run `chmod 600 \(path)` and try again")
        }
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw ModelError(.apiKey, "API key file \(path) cannot be read")
        }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw ModelError(.apiKey, "API key file \(path) is empty") }
        try checkCharacters(value, source: "key file \(path)")
        return APIKey(value: value, source: "key file \(path)")
    }

    /// A header value may not hold control characters; say so without echoing the key.
    private static func checkCharacters(_ value: String, source: String) throws {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw ModelError(.apiKey, "the API key from \(source) contains control characters or more than one line")
        }
    }
}
