import ArgumentParser
import Foundation
import SPOCore
import SPOModels

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear the response cache.",
        discussion: """
            Model replies are cached in SQLite under $XDG_CACHE_HOME/metaspo/ (~/.cache/metaspo/),
            or the config's cache_dir, keyed by endpoint, model, messages and sampling settings.
            Examples:
              metaspo cache stats
              metaspo cache stats --json
              metaspo cache clear
            """,
        subcommands: [Stats.self, Clear.self],
        defaultSubcommand: Stats.self
    )

    /// Where the cache is: `--cache-dir`, else the config's `cache_dir`, else the default.
    struct Location: ParsableArguments {
        @Option(help: ArgumentHelp("A run config (YAML) whose cache_dir to use.", valueName: "file")) var config: String?
        @Option(name: .customLong("cache-dir"), help: ArgumentHelp("The cache folder.", valueName: "dir")) var cacheDir: String?

        func path() throws -> String {
            var dir = cacheDir
            if dir == nil, let config {
                var warnings: [String] = []
                dir = try ConfigLoader.load(path: config, warnings: &warnings).cacheDir
                Console.warn(warnings)
            }
            return ResponseCache.defaultPath(cacheDir: dir)
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Entries, size and hits, by model.")
        @OptionGroup var location: Location
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let path = try location.path()
            guard FileManager.default.fileExists(atPath: path) else {
                if json {
                    try Console.printJSON(CacheStats(path: path, entries: 0, bytes: 0, hits: 0, models: []))
                } else {
                    print("no response cache yet at \(path)")
                }
                return
            }
            let stats = try await ResponseCache(path: path).stats()
            if json {
                try Console.printJSON(stats)
                return
            }
            print("\(stats.path): \(stats.entries) entries, \(CacheCommand.size(stats.bytes)), \(stats.hits) hits")
            if !stats.models.isEmpty {
                print(Console.table(["model", "entries", "hits"], stats.models.map { [$0.model, String($0.entries), String($0.hits)] }))
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clear", abstract: "Delete every cached reply.")
        @OptionGroup var location: Location

        func run() async throws {
            let path = try location.path()
            guard FileManager.default.fileExists(atPath: path) else {
                print("no response cache at \(path); nothing to clear")
                return
            }
            let removed = try await ResponseCache(path: path).clear()
            print("removed \(removed) cached repl\(removed == 1 ? "y" : "ies") from \(path)")
        }
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return ScoreSummary.fixed(Double(bytes) / 1024, 1) + " KiB" }
        return ScoreSummary.fixed(Double(bytes) / Double(1 << 20), 1) + " MiB"
    }
}
