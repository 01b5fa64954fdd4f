import ArgumentParser

@main
struct Metaspo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metaspo",
        abstract: "Optimize LLM system prompts with MetaSPO and watch it live.",
        discussion: """
            Examples:
              metaspo run --preset quick --headless
              metaspo resume SESSION.jsonl
              metaspo tasks list
              metaspo tasks show navigate --limit 3
              metaspo score --task navigate --responses responses.jsonl
            """,
        subcommands: [
            RunCommand.self,
            ResumeCommand.self,
            PlanCommand.self,
            ReplayCommand.self,
            ReportCommand.self,
            SessionsCommand.self,
            ExportCommand.self,
            TasksCommand.self,
            ScoreCommand.self,
            EvalCommand.self,
            UnseenCommand.self,
            AdaptCommand.self,
            CompareCommand.self,
            AnalyzeCommand.self,
            CacheCommand.self,
            SetupCommand.self,
            DoctorCommand.self,
            LocalServeCommand.self,
        ]
    )
}
