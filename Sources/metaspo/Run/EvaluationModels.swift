import Foundation
import SPOCore
import SPOEngine
import SPOModels

/// Starts the models for commands that evaluate without running a method
/// (`unseen`, `analyze`), the way `eval` does: warnings and start-up progress on
/// stderr, a local server stopped on exit, errors as one clear line.
enum EvaluationModels {
    static func start(_ cfg: RunConfig, roles: Set<ModelRole>, local: LocalModelChoice) async throws -> ModelStack {
        LocalServerRegistry.installExitHandlers()
        do {
            return try await ModelFactory.makeStack(
                config: cfg,
                options: .init(
                    cachePath: ModelOptions.cachePath(cfg),
                    onWarning: { message in
                        EvalCommand.progressLine(nil)
                        Console.warn([message])
                    },
                    progress: { EvalCommand.status($0) },
                    startLocal: ModelFactory.embeddedStarter(model: local, draft: LocalDraft(config: cfg), runtime: LocalServerRuntime(config: cfg)),
                    // Often every answer is in the cache: the server starts on the first miss.
                    deferLocal: (local.servedName, local.sha256)),
                roles: roles)
        } catch let error as LocalModelError {
            throw SPOError(error.description)
        } catch let error as ModelError {
            throw SPOError(error.message)
        }
    }

    /// An evaluator with as many requests in flight as the endpoints serve.
    ///
    /// Its requests carry the run's seed, as the engine's evaluations do, so a
    /// session's own test evaluations (the task's prompt under the initial and the
    /// optimized system prompt) are answered from the response cache.
    static func evaluator(_ stack: ModelStack, _ cfg: RunConfig) -> Evaluator {
        let concurrency = RunSession.baseConcurrency(cfg, stack)
        var parameters = Evaluator.parameters(for: cfg.base)
        parameters.seed = cfg.seed
        // A session run with unified input is measured the way it ran.
        return Evaluator(
            model: cfg.unifiedInput ? UnifiedInputModel(stack.base) : stack.base, parameters: parameters, concurrency: concurrency, budget: cfg.answerBudget)
    }

    /// The APE-style resampler on the optimizer, with the run's sampling settings and seed.
    static func resampler(_ stack: ModelStack, _ cfg: RunConfig) throws -> PromptResampler {
        let prompts = try MetaPromptSet.load(overrides: cfg.promptTemplates)
        var resampler = PromptResampler(
            model: stack.optimizer, template: prompts.apeResample, temperature: cfg.optimizer.temperature,
            maxTokens: cfg.optimizer.maxTokens, seed: cfg.seed)
        // A drawn user prompt that writes an instruction inside its answer tags
        // makes the model copy it: every answer wrong under any system prompt.
        resampler.check = { text in
            PromptGuards.instructionInsideAnswerTags(text).map { "variant writes \"\($0)\" inside its answer tags, which the model would copy" }
        }
        return resampler
    }

    /// The base model as people know it.
    static func baseName(_ cfg: RunConfig, _ stack: ModelStack) -> String {
        cfg.base.usesLocalModel ? "\(cfg.base.model ?? stack.local?.modelName ?? "local") (local)" : cfg.base.model ?? stack.base.identity
    }

    /// A model error as one clear line (other errors pass through).
    static func clear(_ error: any Error) -> any Error {
        if let e = error as? ModelError { return SPOError(e.message) }
        return error
    }

    /// `base model m: 40 calls, 12 cache hits; optimizer: 4 calls`
    static func usageLine(_ name: String, _ usage: UsageSnapshot, seconds: Double) -> String {
        var line = "base model \(name): \(usage.base.calls) calls, \(usage.base.cacheHits) cache hits"
        if usage.optimizer.calls + usage.optimizer.cacheHits > 0 {
            line += "; optimizer: \(usage.optimizer.calls) calls, \(usage.optimizer.cacheHits) cache hits"
        }
        let cost = usage.base.costUSD + usage.optimizer.costUSD
        if cost > 0 { line += ", $\(ScoreSummary.fixed(cost, 4))" }
        return line + ", \(ScoreSummary.fixed(seconds, 1)) s"
    }
}
