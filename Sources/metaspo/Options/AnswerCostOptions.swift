import ArgumentParser
import SPOCore

/// What a run spends tokens on: the base model's answer caps and stop, the
/// optimizer's analysis cap, and how exact ties are broken. Each is a config
/// key too; a new run fills what neither gives with `RunConfig.applyProductDefaults()`.
struct AnswerCostOptions: ParsableArguments {
    @Option(
        name: .customLong("stop-at-answer"),
        help: ArgumentHelp("End each base answer at its first </answer> (config: stop_at_answer; default false: measured no saving on the embedded model).", valueName: "true|false"))
    var stopAtAnswer: Bool?

    @Option(
        name: .customLong("direct-answer-tokens"),
        help: ArgumentHelp(
            "Token cap of base answers when a prompt asks for the answer alone and neither for reasoning; 0 = base_model.max_tokens for all (config: direct_answer_tokens; default 64).",
            valueName: "n"))
    var directAnswerTokens: Int?

    @Option(
        name: .customLong("analysis-max-tokens"),
        help: ArgumentHelp("Token cap of the optimizer's failure analyses (config: optimizer_model.analysis_max_tokens; default 256).", valueName: "n"))
    var analysisMaxTokens: Int?

    @Option(
        name: .customLong("tie-break"),
        help: ArgumentHelp(
            "An exact tie in score and format errors goes to the \(RunConfig.tieBreaks.joined(separator: " or ")) candidate (cheaper: fewer answer tokens; config: tie_break; default newer).",
            valueName: "rule"))
    var tieBreak: String?

    func validate() throws {
        if let v = directAnswerTokens, v < 0 { throw ValidationError("--direct-answer-tokens must be 0 or more") }
        if let v = analysisMaxTokens, v < 1 { throw ValidationError("--analysis-max-tokens must be at least 1") }
        if let tieBreak, !RunConfig.tieBreaks.contains(tieBreak) {
            throw ValidationError("--tie-break \(tieBreak) is not one of: \(RunConfig.tieBreaks.joined(separator: ", "))")
        }
    }

    /// Applies the flags, then the defaults of a new run for what is still unset.
    func apply(to cfg: inout RunConfig) {
        if let stopAtAnswer { cfg.stopAtAnswer = stopAtAnswer }
        if let directAnswerTokens { cfg.directAnswerTokens = directAnswerTokens }
        if let analysisMaxTokens { cfg.optimizer.analysisMaxTokens = analysisMaxTokens }
        if let tieBreak { cfg.tieBreak = tieBreak }
        cfg.applyProductDefaults()
    }
}
