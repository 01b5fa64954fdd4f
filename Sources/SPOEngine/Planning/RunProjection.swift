public import SPOCore

/// What a run is projected to use, before anything is paid: calls, tokens,
/// cost and time, for the exhaustive strategy and for racing.
public struct RunProjection: Sendable, Hashable, Codable {
    /// One strategy's projection. Ranges are exact for exhaustive runs.
    public struct Estimate: Sendable, Hashable, Codable {
        public var strategy: SearchStrategy
        public var phases: [PhasePlan]
        public var baseCalls: CallRange
        public var optimizerCalls: CallRange
        public var promptTokens: CallRange
        public var completionTokens: CallRange
        public var costLowUSD: Double
        public var costHighUSD: Double
        public var secondsLow: Double
        public var secondsHigh: Double

        public var totalTokens: CallRange { promptTokens + completionTokens }
    }

    public var method: SearchMethod
    /// The strategy the config asks for.
    public var strategy: SearchStrategy
    public var sourceTasks: [String]
    public var unseenTasks: [String]
    public var exhaustive: Estimate
    public var racing: Estimate
    public var assumptions: PlanAssumptions
    /// Whether both models have prices (otherwise cost counts as 0, as for a local model).
    public var priced: [String: Bool]

    /// The estimate for the strategy the run will use.
    public var chosen: Estimate { strategy == .racing ? racing : exhaustive }
}
