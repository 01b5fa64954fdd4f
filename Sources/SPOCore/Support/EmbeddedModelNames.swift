/// The embedded models' names by the sha256 of their file. Sessions written
/// before runs recorded a model's name (`qwen-1.5b (local)`) carry
/// `local:<sha256>`; views show the name instead (`SPOModels.LocalModelChoice`
/// takes its digests from here, so the two cannot drift).
public enum EmbeddedModelNames {
    public static let byDigest: [String: String] = [
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046": "qwen-1.5b",
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32": "qwen-0.5b",
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53": "smollm2",
    ]

    /// `qwen-1.5b (local)` for `local:cc324a…`; anything else as it is.
    public static func display(_ model: String) -> String {
        guard model.hasPrefix("local:") else { return model }
        let digest = String(model.dropFirst("local:".count))
        if let name = byDigest[digest] { return "\(name) (local)" }
        return digest.count > 12 ? "local:" + digest.prefix(12) + "…" : model
    }

    /// The digest of a named embedded model.
    public static func digest(of name: String) -> String? {
        byDigest.first { $0.value == name }?.key
    }
}
