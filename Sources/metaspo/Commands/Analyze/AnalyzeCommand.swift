import ArgumentParser

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The paper's analyses: user-prompt robustness, cross-model transfer, source-task scaling, adaptation efficiency.",
        discussion: """
            Each prints a table and writes JSON (beside the session, or --out), with n
            and a 95% interval beside every score, so a difference inside the noise
            shows as one. See docs/comparisons.md.
            Examples:
              metaspo analyze robustness RUN.jsonl --prompts 5
              metaspo analyze transfer RUN.jsonl \\
                --target qwen2.5-7b@http://10.0.0.2:8000/v1
              metaspo analyze scaling run-1-task.jsonl run-2-tasks.jsonl run-3-tasks.jsonl
              metaspo analyze scaling --preset reasoning --max-sources 3
              metaspo analyze adaptation RUN.jsonl --train-sizes 5,10,20
            """,
        subcommands: [AnalyzeRobustness.self, AnalyzeTransfer.self, AnalyzeScaling.self, AnalyzeAdaptation.self])
}
