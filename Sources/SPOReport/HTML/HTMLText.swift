/// Untrusted text (prompts, dataset questions, model replies, file names) made
/// safe to place in HTML text or a quoted attribute value: markup characters
/// become entities, and characters a browser would act on or hide become
/// visible stand-ins, as the dashboard draws them (`InertText`): C0 controls
/// as control pictures (ESC as `␛`), DEL as `␡`, C1 controls and format
/// characters (bidi overrides, zero-width joiners) as U+FFFD. Newlines and
/// tabs stay; the stylesheet keeps them where it matters (`white-space`).
public enum HTMLText {
    /// Text for an element's content or a double- or single-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var previousCR = false
        for s in text.unicodeScalars {
            // "\r\n" is one line break; a lone "\r" is shown as a picture.
            if previousCR {
                previousCR = false
                if s == "\n" {
                    out.append("\n")
                    continue
                }
                out.append("\u{240D}")
            }
            switch s {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\"": out.append("&quot;")
            case "'": out.append("&#39;")
            case "\n", "\t": out.unicodeScalars.append(s)
            case "\r": previousCR = true
            default:
                let v = s.value
                if v < 0x20 {
                    out.unicodeScalars.append(Unicode.Scalar(0x2400 + v)!)
                } else if v == 0x7F {
                    out.append("\u{2421}")
                } else if v < 0x7F {
                    out.unicodeScalars.append(s)
                } else {
                    switch s.properties.generalCategory {
                    case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                        out.append("\u{FFFD}")
                    default:
                        out.unicodeScalars.append(s)
                    }
                }
            }
        }
        if previousCR { out.append("\u{240D}") }
        return out
    }

    /// A fragment identifier made only of `[A-Za-z0-9_-]`, so it can go in an
    /// `id` and an `href="#…"` without escaping: parts joined with `-`, other
    /// characters as `_` and their UTF-8 bytes in hex.
    public static func anchor(_ parts: String...) -> String {
        var out = ""
        for (k, part) in parts.enumerated() {
            if k > 0 { out.append("-") }
            for b in part.utf8 {
                let c = Character(Unicode.Scalar(b))
                if c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" { out.append(c) } else { out += "_" + String(b, radix: 16) }
            }
        }
        return out
    }
}
