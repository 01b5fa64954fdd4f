import Foundation

/// Reads user files as UTF-8 text, refusing invalid bytes with the line they are on.
public enum TextFile {
    /// The file's text without a byte-order mark.
    public static func read(_ path: String) throws(SPOError) -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw SPOError(file: path, "file not found")
        }
        guard !isDir.boolValue else { throw SPOError(file: path, "is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SPOError(file: path, "cannot be read")
        }
        return try decode(data, name: path)
    }

    /// Decodes bytes as UTF-8, naming the line of the first invalid byte.
    static func decode(_ data: Data, name: String) throws(SPOError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        let (line, offset) = firstInvalidUTF8(bytes)
        throw SPOError(file: name, line: line, "invalid UTF-8 (byte \(offset)); save the file as UTF-8")
    }

    /// The line and byte offset of the first invalid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, offset: Int) {
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            let len: Int
            switch b {
            case 0x00...0x7F: len = 1
            case 0xC2...0xDF: len = 2
            case 0xE0...0xEF: len = 3
            case 0xF0...0xF4: len = 4
            default: return (line, i)
            }
            if i + len > bytes.count { return (line, i) }
            if len > 1 {
                let chunk = Array(bytes[i..<(i + len)])
                if String(validating: chunk, as: UTF8.self) == nil { return (line, i) }
            }
            i += len
        }
        return (line, i)
    }

    /// Resolves a path against a base folder unless it is absolute; expands `~`.
    /// `path` resolved as `resolve` does, then made absolute against the
    /// current directory: what a session records, so `resume` finds the same
    /// file from any directory (issue 19: `tasks/arith0.json` was stored as
    /// typed and a resume from elsewhere said "file not found").
    public static func absolute(_ path: String, relativeTo base: String? = nil) -> String {
        let resolved = resolve(path, relativeTo: base)
        let full = resolved.hasPrefix("/") ? resolved : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(resolved)
        return (full as NSString).standardizingPath
    }

    public static func resolve(_ path: String, relativeTo base: String?) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        guard let base, !base.isEmpty else { return expanded }
        return (base as NSString).appendingPathComponent(expanded)
    }
}
