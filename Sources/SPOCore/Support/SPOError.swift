/// An error meant for a person: one line that names the file, the line or index,
/// and the field, then says what is wrong.
public struct SPOError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// `file:line: field: problem`, leaving out the parts that are unknown.
    public init(file: String?, line: Int? = nil, field: String? = nil, _ problem: String) {
        var parts: [String] = []
        if let file {
            parts.append(line.map { "\(file):\($0)" } ?? file)
        }
        if let field, !field.isEmpty { parts.append(field) }
        parts.append(problem)
        message = parts.joined(separator: ": ")
    }

    /// The message as a terminal shows it: file contents quoted in it cannot act
    /// on the terminal (`message` keeps them exact).
    public var description: String { TerminalText.inert(message) }
}
