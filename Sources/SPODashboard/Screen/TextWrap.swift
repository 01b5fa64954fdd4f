/// Word wrapping by display width. Text is split into paragraphs at newlines;
/// each paragraph is broken at spaces, and a word longer than the line is cut.
/// Spaces at a wrap point are dropped; spaces inside a line are kept, so
/// indentation in prompts survives.
public enum TextWrap {
    /// Wraps untrusted text, made inert on the way.
    public static func lines(_ text: String, width: Int, role: Role = .text, ascii: Bool = false) -> [[Glyph]] {
        lines(paragraphs: paragraphs(text, role: role, ascii: ascii), width: width)
    }

    /// The paragraphs of `text` as glyphs (tabs become four spaces).
    public static func paragraphs(_ text: String, role: Role = .text, ascii: Bool = false) -> [[Glyph]] {
        var out: [[Glyph]] = [[]]
        for c in text {
            if c == "\n" || c == "\r\n" {
                out.append([])
            } else if c == "\t" {
                out[out.count - 1].append(contentsOf: Array(repeating: Glyph(" ", role: role), count: 4))
            } else {
                InertText.append(c, role: role, ascii: ascii, to: &out[out.count - 1])
            }
        }
        return out
    }

    /// Wraps paragraphs of glyphs (which may carry several roles) to `width` cells.
    public static func lines(paragraphs: [[Glyph]], width: Int) -> [[Glyph]] {
        let width = max(1, width)
        var out: [[Glyph]] = []
        for p in paragraphs { wrap(p, width: width, into: &out) }
        return out
    }

    private static func wrap(_ p: [Glyph], width: Int, into out: inout [[Glyph]]) {
        if p.isEmpty {
            out.append([])
            return
        }
        var line: [Glyph] = []
        var used = 0
        var wrapped = false
        var i = 0
        while i < p.count {
            // One token: a run of spaces or a run of non-spaces.
            let space = p[i].isSpace
            var j = i
            var w = 0
            while j < p.count, p[j].isSpace == space {
                w += p[j].width
                j += 1
            }
            let token = p[i..<j]
            i = j
            if space {
                if line.isEmpty && wrapped { continue }
                if used + w > width {
                    // The spaces end this line; the next word starts the next.
                    out.append(line)
                    line = []
                    used = 0
                    wrapped = true
                    continue
                }
                line.append(contentsOf: token)
                used += w
                continue
            }
            if used + w <= width {
                line.append(contentsOf: token)
                used += w
                continue
            }
            if w <= width && line.allSatisfy(\.isSpace) {
                // Indentation that leaves no room for the word is dropped.
                line = Array(token)
                used = w
                continue
            }
            if w <= width {
                out.append(trimmed(line))
                line = Array(token)
                used = w
                wrapped = true
                continue
            }
            // A word longer than a line: cut it, filling lines as it goes.
            for g in token {
                if used + g.width > width && !line.isEmpty {
                    out.append(trimmed(line))
                    line = []
                    used = 0
                    wrapped = true
                }
                line.append(g)
                used += g.width
            }
        }
        out.append(trimmed(line))
    }

    private static func trimmed(_ line: [Glyph]) -> [Glyph] {
        var l = line
        while let last = l.last, last.isSpace { l.removeLast() }
        return l
    }
}
