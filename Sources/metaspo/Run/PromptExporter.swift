import Foundation
import SPOCore

/// Writes a prompt chosen in the dashboard (`e`) to
/// `$XDG_DATA_HOME/metaspo/exports/<run>-<id>.txt`.
enum PromptExporter {
    static func export(_ text: String, run: String?, id: String) throws -> String {
        let dir = ResourceLocator.dataDirectory() + "/exports"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/\(run ?? "session")-\(id).txt"
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
