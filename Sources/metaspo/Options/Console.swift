import Foundation
import SPOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal outside the dashboard: warnings to stderr, JSON to stdout.
enum Console {
    /// Text to stderr that never stops the process: a closed pipe (`2>&1 |
    /// tee` whose reader quit, a FIFO whose reader died) drops it. Foundation's
    /// `FileHandle.write(_:)` traps on such an error (SIGILL, exit 132, no
    /// `stopped` event: issue 19).
    static func stderr(_ text: String) { write(STDERR_FILENO, Data(text.utf8)) }

    /// Text to stdout, likewise.
    static func stdout(_ text: String) { write(STDOUT_FILENO, Data(text.utf8)) }

    /// Writes all of `data` to `fd`, retrying interrupted and partial writes,
    /// and gives up quietly on any other error.
    static func write(_ fd: Int32, _ data: Data) {
        _ = ignoreBrokenPipes
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, base + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// A write to a pipe nobody reads fails with EPIPE instead of killing the
    /// process with SIGPIPE, so a stopping run still writes its session.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func warn(_ messages: [String]) {
        for m in messages { stderr("warning: \(TerminalText.inert(m))\n") }
    }

    static func error(_ message: String) {
        stderr("error: \(TerminalText.inert(message))\n")
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

/// write(2), named apart from `Console.write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
