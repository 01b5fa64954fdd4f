public import SPOCore

/// The calls of one phase of a planned run, as a method's formula gives them.
public struct PhasePlan: Sendable, Hashable, Codable {
    public var phase: PhaseName
    /// The iteration (or generation) it belongs to; nil for `init` and `test`.
    public var iteration: Int?
    public var base: CallRange
    public var optimizer: CallRange
    /// Optimizer calls that wait for one another (an analysis before its
    /// rewrite): the phase's optimizer work takes this many rounds…
    public var optimizerWaves: Int
    /// …of up to this many calls each that may run at once.
    public var optimizerWidth: Int
    /// Base calls per optimizer prompt shown (examples in a failure analysis), for token estimates.
    public var shownExamples: Int

    public init(
        _ phase: PhaseName, iteration: Int? = nil, base: CallRange, optimizer: CallRange = .zero, optimizerWaves: Int = 0, optimizerWidth: Int = 0,
        shownExamples: Int = 0
    ) {
        self.phase = phase
        self.iteration = iteration
        self.base = base
        self.optimizer = optimizer
        self.optimizerWaves = optimizerWaves
        self.optimizerWidth = optimizerWidth
        self.shownExamples = shownExamples
    }

    /// `init`, `inner 1`, `outer 1`, `test`, `generation 2`: what `plan` prints
    /// and its JSON's `name`.
    public var name: String { iteration.map { "\(phase) \($0)" } ?? phase.rawValue }

    private enum CodingKeys: String, CodingKey {
        case name, base, optimizer, optimizerWaves, optimizerWidth, shownExamples
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let words = name.split(separator: " ")
        if words.count == 2, let i = Int(words[1]) {
            phase = PhaseName(rawValue: String(words[0]))
            iteration = i
        } else {
            phase = PhaseName(rawValue: name)
            iteration = nil
        }
        base = try c.decode(CallRange.self, forKey: .base)
        optimizer = try c.decode(CallRange.self, forKey: .optimizer)
        optimizerWaves = try c.decode(Int.self, forKey: .optimizerWaves)
        optimizerWidth = try c.decode(Int.self, forKey: .optimizerWidth)
        shownExamples = try c.decode(Int.self, forKey: .shownExamples)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(base, forKey: .base)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(optimizerWaves, forKey: .optimizerWaves)
        try c.encode(optimizerWidth, forKey: .optimizerWidth)
        try c.encode(shownExamples, forKey: .shownExamples)
    }
}
