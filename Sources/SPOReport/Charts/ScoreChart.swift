import SPOCore

/// A score-against-iteration chart as inline SVG: scores from 0 to 1 on the
/// y axis, iterations 0 (the initial evaluation) to `xMax` on the x axis, one
/// line per series with a marker and a hover title per point, and optional
/// 95% interval whiskers. Colours come from the stylesheet's classes, so the
/// SVG holds no style of its own and no reference to anything outside.
struct ScoreChart {
    struct Point {
        var x: Double
        var y: Double
        var low: Double?
        var high: Double?
        /// The hover text.
        var tip: String
    }

    enum Marker {
        case circle, square, diamond
    }

    struct Series {
        var label: String
        /// Stylesheet class giving its colour.
        var cls: String
        var points: [Point]
        var dashed = false
        var marker = Marker.circle
    }

    var title: String
    var xMax: Int
    var series: [Series]

    static let width = 440.0
    static let height = 230.0
    static let left = 46.0, right = 16.0, top = 14.0, bottom = 40.0

    func x(_ v: Double) -> Double {
        Self.left + min(max(v, 0), Double(max(1, xMax))) / Double(max(1, xMax)) * (Self.width - Self.left - Self.right)
    }

    func y(_ v: Double) -> Double {
        Self.top + (1 - min(max(v, 0), 1)) * (Self.height - Self.top - Self.bottom)
    }

    static func n(_ v: Double) -> String { Format.fixed(v, 1) }

    func svg() -> String {
        var w = HTMLWriter()
        let (W, H) = (Self.width, Self.height)
        w.open("svg", [
            ("class", "chart"), ("viewBox", "0 0 \(Self.n(W)) \(Self.n(H))"), ("width", Self.n(W)), ("height", Self.n(H)),
            ("role", "img"), ("aria-label", title),
        ])
        w.element("title", text: title)
        // Grid and y labels.
        for p in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let yy = Self.n(y(p))
            w.raw("<line class=\"grid\" x1=\"\(Self.n(Self.left))\" x2=\"\(Self.n(W - Self.right))\" y1=\"\(yy)\" y2=\"\(yy)\"/>")
            w.raw("<text class=\"axis\" x=\"\(Self.n(Self.left - 6))\" y=\"\(Self.n(y(p) + 4))\" text-anchor=\"end\">\(Int(p * 100))%</text>")
        }
        // X ticks: every iteration, or every k-th when there are many.
        let step = max(1, (xMax + 9) / 10)
        let baseY = y(0)
        for i in stride(from: 0, through: max(1, xMax), by: step) {
            let xx = Self.n(x(Double(i)))
            w.raw("<line class=\"tick\" x1=\"\(xx)\" x2=\"\(xx)\" y1=\"\(Self.n(baseY))\" y2=\"\(Self.n(baseY + 4))\"/>")
            w.raw("<text class=\"axis\" x=\"\(xx)\" y=\"\(Self.n(baseY + 16))\" text-anchor=\"middle\">\(i == 0 ? PhaseName.initial.rawValue : String(i))</text>")
        }
        w.raw("<text class=\"axis-label\" x=\"\(Self.n(Self.left + (W - Self.left - Self.right) / 2))\" y=\"\(Self.n(H - 4))\" text-anchor=\"middle\">iteration</text>")
        let drawn = series.filter { !$0.points.filter { $0.y.isFinite }.isEmpty }
        if drawn.isEmpty {
            w.raw("<text class=\"empty\" x=\"\(Self.n(W / 2))\" y=\"\(Self.n(H / 2))\" text-anchor=\"middle\">no scores yet</text>")
        }
        for s in drawn {
            let points = s.points.filter { $0.y.isFinite && $0.x.isFinite }
            w.open("g", class: "series " + s.cls)
            if points.count >= 2 {
                let list = points.map { Self.n(x($0.x)) + "," + Self.n(y($0.y)) }.joined(separator: " ")
                w.raw("<polyline class=\"line\(s.dashed ? " dashed" : "")\" points=\"\(list)\"/>")
            }
            for p in points {
                let (px, py) = (x(p.x), y(p.y))
                if let lo = p.low, let hi = p.high, lo.isFinite, hi.isFinite {
                    let (a, b) = (Self.n(y(lo)), Self.n(y(hi)))
                    w.raw("<line class=\"whisker\" x1=\"\(Self.n(px))\" x2=\"\(Self.n(px))\" y1=\"\(a)\" y2=\"\(b)\"/>")
                    w.raw("<line class=\"whisker\" x1=\"\(Self.n(px - 4))\" x2=\"\(Self.n(px + 4))\" y1=\"\(a)\" y2=\"\(a)\"/>")
                    w.raw("<line class=\"whisker\" x1=\"\(Self.n(px - 4))\" x2=\"\(Self.n(px + 4))\" y1=\"\(b)\" y2=\"\(b)\"/>")
                }
                switch s.marker {
                case .circle:
                    w.raw("<circle class=\"marker\" cx=\"\(Self.n(px))\" cy=\"\(Self.n(py))\" r=\"4\">")
                    w.element("title", text: p.tip)
                    w.raw("</circle>")
                case .square:
                    w.raw("<rect class=\"marker\" x=\"\(Self.n(px - 4))\" y=\"\(Self.n(py - 4))\" width=\"8\" height=\"8\">")
                    w.element("title", text: p.tip)
                    w.raw("</rect>")
                case .diamond:
                    let pts = [(px, py - 5), (px + 5, py), (px, py + 5), (px - 5, py)].map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")
                    w.raw("<polygon class=\"marker\" points=\"\(pts)\">")
                    w.element("title", text: p.tip)
                    w.raw("</polygon>")
                }
            }
            w.close("g")
        }
        w.close("svg")
        return w.html
    }

    /// The legend, as HTML beside the chart: a swatch in each series' class.
    func legend() -> String {
        var w = HTMLWriter()
        w.open("ul", class: "legend")
        for s in series where !s.points.isEmpty {
            w.open("li", class: s.cls)
            let glyph = switch s.marker {
            case .circle: "●"
            case .square: "■"
            case .diamond: "◆"
            }
            w.element("span", class: "swatch", text: (s.dashed ? "┄" : "━") + glyph)
            w.text(" " + s.label)
            w.close("li")
        }
        w.close("ul")
        return w.html
    }
}
