import Foundation

/// A parsed CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside
/// quotes) or TSV file: a header and rows, each row with its 1-based line number.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [(line: Int, fields: [String])]

    /// Parses text; `separator` is "," for CSV and "\t" for TSV.
    public static func parse(_ text: String, separator: Character = ",", file: String) throws(SPOError) -> CSVTable {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && !fieldStarted {
                inQuotes = true
                fieldStarted = true
            } else if c == separator {
                fields.append(field)
                field = ""
                fieldStarted = false
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field)
                // Skip blank lines rather than making empty records.
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                field = ""
                fieldStarted = false
                line += 1
                recordLine = line
            } else {
                field.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if inQuotes { throw SPOError(file: file, line: recordLine, "a quoted field is never closed") }
        guard let first = records.first else { throw SPOError(file: file, "empty file (a header row is needed)") }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [(line: Int, fields: [String])] = []
        for r in records.dropFirst() {
            if r.fields.count != header.count {
                throw SPOError(file: file, line: r.line, "\(r.fields.count) fields, but the header has \(header.count)")
            }
            rows.append(r)
        }
        return CSVTable(header: header, rows: rows)
    }

    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}
