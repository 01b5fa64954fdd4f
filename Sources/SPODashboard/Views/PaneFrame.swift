/// The border of a pane: its title, brighter when it has the focus.
enum PaneFrame {
    static func draw(_ title: String, in rect: Rect, focused: Bool, on screen: inout Screen) {
        screen.box(rect, title: title, role: focused ? .title : .border, titleRole: focused ? .title : .text)
    }
}
