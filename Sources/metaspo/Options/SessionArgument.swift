import Foundation
import SPOCore

/// A session given on the command line: a file path, or a run id as
/// `metaspo sessions list` prints it, looked up in the sessions folder.
///
/// ```
/// metaspo export 2026-12-07T19-12-23 --best
/// metaspo resume ./runs/2026-12-07T19-12-23.jsonl
/// ```
enum SessionArgument {
    /// The default sessions folder (`$XDG_DATA_HOME/metaspo/sessions`).
    static var defaultDirectory: String { ResourceLocator.dataDirectory() + "/sessions" }

    /// The file `argument` names: an existing path as it is; otherwise a run id
    /// found in `directory` (its file `ID.jsonl`, or the session whose
    /// `run_started` carries the id). An id that matches several sessions is
    /// an error that lists them; anything else is returned as a path, for the
    /// reader to report.
    static func resolve(_ argument: String, directory: String? = nil) throws -> String {
        let path = TextFile.resolve(argument, relativeTo: nil)
        if FileManager.default.fileExists(atPath: path) { return path }
        // Only a bare id is looked up; a path that does not exist is reported as such.
        guard !argument.contains("/"), !argument.hasSuffix(".jsonl") else { return path }
        let dir = directory.map { TextFile.resolve($0, relativeTo: nil) } ?? defaultDirectory
        let named = dir + "/" + argument + ".jsonl"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        let matches = files.map { dir + "/" + $0 }.filter { $0 == named || runID(of: $0) == argument }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw SPOError("no session file or run id \"\(argument)\" (run ids are looked up in \(dir); `metaspo sessions list` shows them)")
        default:
            throw SPOError("run id \"\(argument)\" names \(matches.count) sessions in \(dir): \(matches.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")); give the file")
        }
    }

    /// The run id of a session's `run_started` (after the header line), read
    /// without loading the rest of the file.
    static func runID(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 262_144) else { return nil }
        for line in head.split(separator: UInt8(ascii: "\n")).prefix(4) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            if object["type"] as? String == "run_started" { return object["run"] as? String }
        }
        return nil
    }

    /// What a lenient read left out, one line each (a cut last line, skipped
    /// damaged lines, the first five), for commands to print; empty for a sound file.
    static func damage(_ loaded: LoadedSession, path: String) -> [String] {
        var named = loaded
        named.path = path
        return named.damageLines(limit: 5)
    }
}
