import CNcursesw
import SPODashboard

/// The colour pair and attributes of each role, allocated once per theme.
struct ColorPairs {
    private var attrs: [Role: attr_t] = [:]
    private var pairs: [Role: Int16] = [:]

    /// Allocates one pair per role (pair 0 stays the terminal default). With
    /// `colors` false only attributes are used.
    init(theme: Theme, colors: Bool) {
        let available = Int(spo_colors())
        for (i, role) in Role.allCases.enumerated() {
            let style = theme[role]
            var a = spo_a_normal()
            if style.bold { a |= spo_a_bold() }
            if style.dim { a |= spo_a_dim() }
            if style.underline { a |= spo_a_underline() }
            if style.reverse { a |= spo_a_reverse() }
            if style.italic { a |= spo_a_italic() }
            attrs[role] = a
            guard colors, i + 1 < Int(spo_color_pairs()) else { continue }
            let fg = Self.number(style.fg, available: available), bg = Self.number(style.bg, available: available)
            if fg == -1 && bg == -1 { continue }
            init_pair(Int16(i + 1), Int16(fg), Int16(bg))
            pairs[role] = Int16(i + 1)
        }
    }

    func attributes(_ role: Role) -> attr_t { attrs[role] ?? spo_a_normal() }
    func pair(_ role: Role) -> Int16 { pairs[role] ?? 0 }

    /// A colour the terminal can show: palette colours it lacks become the
    /// nearest of its first 8 or 16.
    static func number(_ c: TermColor, available: Int) -> Int {
        guard case .index(let i) = c else { return -1 }
        if i < available { return i }
        if i < 16 { return available >= 16 ? i : i - 8 }
        let (r, g, b) = rgb(i)
        let basic: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
        let bright: [(Int, Int, Int)] = [(127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
        let palette = available >= 16 ? basic + bright : basic
        var best = 0, bestDistance = Int.max
        for (k, p) in palette.enumerated() {
            let d = (p.0 - r) * (p.0 - r) + (p.1 - g) * (p.1 - g) + (p.2 - b) * (p.2 - b)
            if d < bestDistance { (best, bestDistance) = (k, d) }
        }
        return best
    }

    /// The RGB of an xterm palette entry above 15.
    static func rgb(_ i: Int) -> (Int, Int, Int) {
        if i >= 232 {
            let v = 8 + 10 * (i - 232)
            return (v, v, v)
        }
        let levels = [0, 95, 135, 175, 215, 255]
        let n = i - 16
        return (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
    }
}
