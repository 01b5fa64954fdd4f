public import SPOCore

/// A method's call formula for `metaspo plan`: the phases of a run and the
/// calls each makes when nothing is rejected, deduplicated or already perfect.
///
/// Each method contributes its own (docs/engine.md, "Calls per method");
/// `MethodPlanners.planner(for:)` picks it by the config's `method`.
public protocol MethodPlanner: Sendable {
    func phases(_ context: PlanContext) -> [PhasePlan]
}

/// The formulas known to `metaspo plan`, by method name.
public enum MethodPlanners {
    public static func planner(for method: SearchMethod) -> any MethodPlanner {
        switch method {
        case .metaspo, .outerOnly, .metaspoAPE, .metaspoEvo: MetaSPOPlanner()
        case .ape, .protegi: BeamPlanner()
        case .sprig: SPRIGPlanner()
        }
    }
}
