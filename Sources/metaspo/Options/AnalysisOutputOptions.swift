import ArgumentParser
import Foundation
import SPOCore

/// Where an analysis writes its JSON, and whether stdout gets the table or the JSON.
struct AnalysisOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where to write the JSON (default: <run>.<analysis>.json beside the session, else under $XDG_DATA_HOME/metaspo/analyses/).", valueName: "path"))
    var out: String?

    @Flag(help: "Print the JSON document instead of the table.")
    var json = false

    /// The file for `analysis`: `<stem>.<analysis>.json` for a session's result stem
    /// (`SessionDigest.resultStem`), when there is one.
    func path(_ analysis: String, stem: String?) -> String {
        if let out { return TextFile.resolve(out, relativeTo: nil) }
        if let stem { return stem + ".\(analysis).json" }
        return ResourceLocator.dataDirectory() + "/analyses/\(analysis)-\(SessionWriter.makeRunID()).json"
    }

    /// Writes the document, then prints it (`--json`) or the table and where the JSON went.
    func emit<T: Encodable>(_ value: T, analysis: String, stem: String?, table: String) throws {
        let path = path(analysis, stem: stem)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SPOError(file: path, "cannot be written: \(error.localizedDescription)")
        }
        if json {
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(table)
            print("JSON: \(path)")
        }
    }
}
