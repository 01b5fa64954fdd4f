import Foundation
import SPOCore
import SPODashboard
import Testing

/// The question a live run asks before starting above `confirm_above_usd`.
struct StartConfirmationTests {
    func asking() -> DashboardState {
        var state = DashboardState(mode: .live)
        state.resize(Size(width: 100, height: 30))
        state.ui.overlay = .confirmStart("this run is projected to cost up to $12.40 (9,384 calls, racing) — above confirm_above_usd $5.00")
        return state
    }

    @Test func theQuestionIsDrawnWithItsAnswers() {
        let text = Renderer.render(asking()).textLines().joined(separator: "\n")
        #expect(text.contains("Start this run?"))
        #expect(text.contains("$12.40"))
        #expect(text.contains("y: start"))
    }

    @Test func yesStartsNoDeclinesOtherKeysWait() {
        var yes = KeyScript(asking())
        #expect(yes.press(.char("j")).isEmpty, "an unrelated key leaves the question up")
        #expect(yes.state.ui.overlay != nil)
        #expect(yes.press(.char("y")) == [.startConfirmed(true)])
        #expect(yes.state.ui.overlay == nil)
        for key in [Key.char("n"), .char("q"), .escape] {
            var no = KeyScript(asking())
            #expect(no.press(key) == [.startConfirmed(false)])
        }
    }
}
