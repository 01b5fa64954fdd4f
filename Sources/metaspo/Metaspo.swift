import ArgumentParser

@main
struct Metaspo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metaspo",
        abstract: "Optimize LLM system prompts with MetaSPO and watch it live.",
        discussion: """
            Examples:
              metaspo tasks list
              metaspo tasks show navigate --limit 3
              metaspo score --task navigate --responses responses.jsonl
            """,
        subcommands: [
            TasksCommand.self,
            ScoreCommand.self,
        ]
    )
}
