import Foundation

/// Opens `$VISUAL` or `$EDITOR` on a temporary file with the terminal handed
/// over, and returns what was written (nil: no editor, or it failed).
public enum ExternalEditor {
    /// The editor command, if the environment names one.
    public static var command: String? {
        let env = ProcessInfo.processInfo.environment
        for key in ["VISUAL", "EDITOR"] {
            if let v = env[key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
        }
        return nil
    }

    /// Edits `initial` in the editor; the terminal must be out of curses mode.
    public static func edit(_ initial: String, hint: String) -> String? {
        guard let command else { return nil }
        let path = NSTemporaryDirectory() + "metaspo-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        let body = initial + "\n# " + hint + "\n# Lines starting with # are dropped. Save and quit to add; an empty file adds nothing.\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(body.utf8), attributes: [.posixPermissions: 0o600]) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The command may carry arguments ("code -w"); the path is passed as $1.
        p.arguments = ["-c", command + " \"$1\"", "metaspo-editor", path]
        do {
            try p.run()
            p.waitUntilExit()
        } catch {
            return nil
        }
        guard p.terminationStatus == 0, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
