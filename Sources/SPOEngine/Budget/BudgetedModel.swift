import Foundation
import SPOCore
import SPOModelInterface

/// The engine's view of a model: before each request it asks the budget, and
/// once a limit is reached it raises the run's stop flag and sends nothing
/// more (`EvaluationStopped`); requests already sent finish and are cached.
struct BudgetedModel: LanguageModel {
    let inner: any LanguageModel
    let budget: BudgetGuard
    let role: ModelRole
    let priceName: String
    let stop: StopFlag

    init(_ inner: any LanguageModel, guard budget: BudgetGuard, role: ModelRole, priceName: String, stop: StopFlag) {
        self.inner = inner
        self.budget = budget
        self.role = role
        self.priceName = priceName
        self.stop = stop
    }

    var identity: String { inner.identity }

    func complete(_ messages: [ChatMessage], parameters: SamplingParameters) async throws -> Completion {
        if budget.check() != nil {
            stop.raise()
            throw EvaluationStopped()
        }
        let completion = try await inner.complete(messages, parameters: parameters)
        budget.record(completion.usage, priceName: priceName)
        return completion
    }
}
