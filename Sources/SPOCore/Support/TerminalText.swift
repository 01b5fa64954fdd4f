/// Text from outside (dataset questions, model replies, server messages, file
/// contents) made safe to print on a terminal: it is data, so no character in
/// it may act on the terminal. Control characters become their visible
/// pictures as the dashboard draws them (ESC is `␛`, so an escape sequence
/// shows as text), DEL becomes `␡`, and C1 controls (U+0080–U+009F, which some
/// terminals obey as ESC sequences) become `\u{FFFD}`. Line breaks and tabs stay
/// where the text is meant to span lines.
public enum TerminalText {
    /// `text` for a terminal, keeping line breaks and tabs.
    public static func inert(_ text: String) -> String {
        clean(text, keepLines: true)
    }

    /// `text` on one line: line breaks and tabs become spaces, controls pictures.
    public static func line(_ text: String) -> String {
        clean(text, keepLines: false)
    }

    /// Whether `text` holds nothing a terminal would act on (line breaks and tabs aside).
    public static func isInert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { needsReplacing($0) && $0 != "\n" && $0 != "\t" }
    }

    private static func needsReplacing(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value <= 0x9F)
    }

    private static func clean(_ text: String, keepLines: Bool) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() {
            switch s.value {
            case 0x0A, 0x09:
                out.append(keepLines ? s : " ")
            case 0x0D where i + 1 < scalars.count && scalars[i + 1] == "\n":
                // A CRLF line end is a line end; a lone CR (which moves the cursor) is shown.
                if !keepLines { out.append(" ") }
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + s.value)!)
            case 0x7F:
                out.append("\u{2421}")
            case 0x80...0x9F:
                out.append("\u{FFFD}")
            default:
                out.append(s)
            }
        }
        return String(out)
    }
}
