/// Turns untrusted text (prompts, model replies, error messages) into glyphs
/// that cannot act on the terminal: control characters become visible
/// pictures (ESC is drawn as `␛`, so an escape sequence shows as text), C1
/// controls and invisible format characters become `\u{FFFD}`, and every glyph
/// gets the width the terminal will give it. In ASCII mode everything outside
/// ASCII becomes `?` and controls use caret notation (`^[`).
public enum InertText {
    public static let replacement: Character = "\u{FFFD}"

    /// The glyphs of `text` on one line: a newline is drawn as `␤` (`^J`).
    public static func glyphs(_ text: String, role: Role = .text, ascii: Bool = false) -> [Glyph] {
        var out: [Glyph] = []
        out.reserveCapacity(text.utf8.count)
        for c in text { append(c, role: role, ascii: ascii, to: &out) }
        return out
    }

    /// How many cells `text` takes on one line.
    public static func width(_ text: String, ascii: Bool = false) -> Int {
        glyphs(text, ascii: ascii).displayWidth
    }

    /// Appends the glyph (or, in ASCII mode, glyphs) that stand for `c`.
    public static func append(_ c: Character, role: Role, ascii: Bool, to out: inout [Glyph]) {
        // Plain printable ASCII is by far the common case.
        if let a = c.asciiValue, a >= 0x20, a < 0x7F {
            out.append(Glyph(c, width: 1, role: role))
            return
        }
        let first = c.unicodeScalars.first!
        let v = first.value
        if c == "\t" {
            out.append(Glyph(" ", width: 1, role: role))
            return
        }
        if v < 0x20 || c == "\r\n" {
            let code = c == "\r\n" ? 0x0A : v
            if ascii {
                out.append(Glyph("^", width: 1, role: role))
                out.append(Glyph(Character(Unicode.Scalar(UInt8(code + 0x40))), width: 1, role: role))
            } else {
                out.append(Glyph(Character(Unicode.Scalar(0x2400 + code)!), width: 1, role: role))
            }
            return
        }
        if v == 0x7F {
            if ascii {
                out.append(Glyph("^", width: 1, role: role))
                out.append(Glyph("?", width: 1, role: role))
            } else {
                out.append(Glyph("\u{2421}", width: 1, role: role))
            }
            return
        }
        if ascii {
            for a in asciiStandIn(c) { out.append(Glyph(a, width: 1, role: role)) }
            return
        }
        switch first.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned:
            // C1 controls can start escape sequences on some terminals; format
            // characters (bidi overrides, zero-width joiners on their own) would
            // silently reorder or hide text.
            out.append(Glyph(replacement, width: 1, role: role))
        case .nonspacingMark, .enclosingMark, .spacingMark:
            // A mark with nothing to sit on would join the previous cell.
            out.append(Glyph(Character("\u{25CC}" + String(c)), width: 1, role: role))
        default:
            out.append(Glyph(c, width: isWide(first) ? 2 : 1, role: role))
        }
    }

    /// What an ASCII terminal shows for a character it cannot draw: a look-alike
    /// for the punctuation and symbols the views use, else `?`.
    static func asciiStandIn(_ c: Character) -> String {
        switch c {
        case "·", "•", "–", "—", "─", "━", "‐": "-"
        case "│", "┃": "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": "+"
        case "…": "~"
        case "→", "▸", "▶", "›": ">"
        case "←", "◂", "◀", "‹": "<"
        case "↑": "^"
        case "↓": "v"
        case "★", "☆", "✱": "*"
        case "◆", "●", "■": "#"
        case "‘", "’", "′": "'"
        case "“", "”", "″": "\""
        case "\u{A0}": " "
        case "✓", "✔": "v"
        case "✗", "✘", "×": "x"
        default: "?"
        }
    }

    /// East Asian wide and fullwidth characters and emoji shown as pictures
    /// take two cells (what `wcwidth` says for them since Unicode 9).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x1100 { return false }
        if s.properties.isEmojiPresentation { return true }
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
