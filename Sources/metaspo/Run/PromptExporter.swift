import Foundation
import SPOCore

/// Writes a prompt chosen in the dashboard (`e`) to
/// `$XDG_DATA_HOME/metaspo/exports/<run>-<id>.txt` (see `SafeFileName`).
enum PromptExporter {
    static func export(_ text: String, run: String?, id: String) throws -> String {
        let dir = ResourceLocator.dataDirectory() + "/exports"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // The run and candidate ids come from the session, which anyone may have
        // written: they name a file inside the exports folder and nothing else.
        let path = SafeFileName.path(in: dir, name: "\(run ?? "session")-\(id)", suffix: ".txt")
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
