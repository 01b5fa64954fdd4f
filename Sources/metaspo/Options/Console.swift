import Foundation
import SPOCore

/// Writing to the terminal outside the dashboard: warnings to stderr, JSON to stdout.
enum Console {
    static func warn(_ messages: [String]) {
        for m in messages { FileHandle.standardError.write(Data("warning: \(TerminalText.inert(m))\n".utf8)) }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(TerminalText.inert(message))\n".utf8))
    }

    /// Prints a value as pretty JSON with stable key order.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(escapeControls(String(decoding: data, as: UTF8.self)))
    }

    /// JSON text with DEL and the C1 controls escaped too (the encoder escapes
    /// only those below U+0020), so a prompt in it cannot act on a terminal.
    /// They only occur inside strings, where the escape means the same.
    static func escapeControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && $0.value <= 0x9F }) else { return json }
        var out = ""
        for s in json.unicodeScalars {
            if s.value >= 0x7F && s.value <= 0x9F {
                out += "\\u00" + String(s.value, radix: 16)
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// Left-aligned columns for plain-text tables.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        // Cells hold names and texts from sessions and data files: shown inertly.
        let all = [header] + rows.map { $0.map(TerminalText.line) }
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
