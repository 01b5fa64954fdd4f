/// The calls of one phase of a planned run, as a method's formula gives them.
public struct PhasePlan: Sendable, Hashable, Codable {
    /// `init`, `inner 1`, `outer 1`, `test`, or a method's own words.
    public var name: String
    public var base: CallRange
    public var optimizer: CallRange
    /// Optimizer calls that wait for one another (an analysis before its
    /// rewrite): the phase's optimizer work takes this many rounds…
    public var optimizerWaves: Int
    /// …of up to this many calls each that may run at once.
    public var optimizerWidth: Int
    /// Base calls per optimizer prompt shown (examples in a failure analysis), for token estimates.
    public var shownExamples: Int

    public init(name: String, base: CallRange, optimizer: CallRange = .zero, optimizerWaves: Int = 0, optimizerWidth: Int = 0, shownExamples: Int = 0) {
        self.name = name
        self.base = base
        self.optimizer = optimizer
        self.optimizerWaves = optimizerWaves
        self.optimizerWidth = optimizerWidth
        self.shownExamples = shownExamples
    }
}
