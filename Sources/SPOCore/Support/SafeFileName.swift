/// Turns text from a session or a model (a run id, a candidate id) into one
/// file-name component that stays in the folder it is put in: only ASCII
/// letters, digits, `-`, `_` and `.` survive, anything else (`/`, `\`, NUL,
/// controls, other scripts) becomes `_`, a leading `.` (hidden files, `..`)
/// becomes `_`, and the name is cut to 100 bytes.
public enum SafeFileName {
    public static func component(_ raw: String, fallback: String = "unnamed") -> String {
        var out = ""
        for s in raw.unicodeScalars.prefix(100) {
            let keep = s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == ".")
            out.unicodeScalars.append(keep ? s : "_")
        }
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? fallback : out
    }

    /// `directory/component(name) + suffix`: a path inside `directory` whatever `name` holds.
    public static func path(in directory: String, name: String, suffix: String = "") -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + component(name) + suffix
    }
}
