import SPOCore

/// The dashboard's word diff as two escaped columns: the old text with removed
/// words in `<del>`, the new one with added words in `<ins>`.
struct DiffHTML {
    let diff: WordDiff

    init(old: String, new: String) {
        diff = WordDiff(old: old, new: new)
    }

    /// One side's markup, for a `<pre>`.
    func side(new newSide: Bool) -> String {
        let changedOp: WordDiff.Op = newSide ? .added : .removed
        let shown = diff.pieces.filter { $0.op != (newSide ? .removed : .added) }
        let tag = newSide ? "ins" : "del"
        var out = ""
        var open = false
        for (k, p) in shown.enumerated() {
            let changed = p.op == changedOp
            if changed, !open {
                out += "<\(tag)>"
                open = true
            }
            if !changed, open {
                out += "</\(tag)>"
                open = false
            }
            out += HTMLText.escape(p.word)
            let space = newSide || p.op != .same ? p.space : p.oldSpace
            // Spaces inside a run of changes belong to it; the last one does not.
            let nextChanged = k + 1 < shown.count && shown[k + 1].op == changedOp
            if open, !nextChanged {
                out += "</\(tag)>"
                open = false
            }
            out += HTMLText.escape(space)
        }
        if open { out += "</\(tag)>" }
        return out
    }
}
