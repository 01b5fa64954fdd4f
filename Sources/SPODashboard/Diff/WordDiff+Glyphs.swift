public import SPOCore

extension WordDiff {
    /// One side as paragraphs of glyphs: the old side shows common and removed
    /// words, the new side common and added ones, changes in their diff role.
    public func paragraphs(newSide: Bool, ascii: Bool) -> [[Glyph]] {
        let skip: Op = newSide ? .added : .removed
        let shown = pieces.filter { $0.op != (newSide ? .removed : .added) }
        var out: [[Glyph]] = [[]]
        for (k, p) in shown.enumerated() {
            let changed = p.op == skip
            let role: Role = changed ? (newSide ? .diffAdd : .diffDel) : .text
            for c in p.word { InertText.append(c, role: role, ascii: ascii, to: &out[out.count - 1]) }
            // Spaces inside a changed run are part of the change.
            let nextChanged = k + 1 < shown.count && shown[k + 1].op == skip
            let spaceRole: Role = changed && nextChanged ? role : .text
            for c in (newSide || p.op != .same ? p.space : p.oldSpace) {
                if c == "\n" || c == "\r\n" {
                    out.append([])
                } else {
                    out[out.count - 1].append(Glyph(" ", role: spaceRole))
                }
            }
        }
        return out
    }
}
