extension JSONValue {
    /// A copy with every object key that names a secret removed, at any depth:
    /// api keys, tokens, secrets, passwords, authorization headers. Keys that only
    /// *name where* a secret lives (`api_key_env`, `api_key_file`) stay, as do
    /// counts such as `max_tokens`.
    public func redacted() -> JSONValue {
        switch self {
        case .object(let pairs):
            return .object(pairs.filter { !Self.isSecretKey($0.key) }.map { (key: $0.key, value: $0.value.redacted()) })
        case .array(let items):
            return .array(items.map { $0.redacted() })
        default:
            return self
        }
    }

    /// Whether a key names a secret value. Compared without case, `_`, `-`, `.`
    /// or spaces, so `API-Key`, `apiKey` and `x_api_key` all match.
    public static func isSecretKey(_ key: String) -> Bool {
        let k = String(key.lowercased().filter { $0.isLetter || $0.isNumber })
        if k.hasSuffix("apikey") || k == "key" || k.hasSuffix("secretkey") || k.hasSuffix("privatekey") { return true }
        // "token", "access_token", "hf_token" — but not "max_tokens" or "prompt_tokens".
        if k.hasSuffix("token") { return true }
        for word in ["secret", "password", "passwd", "passphrase", "authorization", "bearer", "cookie", "credential"] where k.contains(word) {
            return true
        }
        return false
    }
}
