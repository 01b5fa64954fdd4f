import ArgumentParser
import Foundation
import SPOModels

/// Starts the embedded server and keeps it until this process ends: for tests
/// (kill -9 of this process must take the server with it) and for pointing
/// other tools at the local model by hand.
struct LocalServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local-serve",
        abstract: "Serve the embedded local model until interrupted (prints one JSON line with its address).",
        shouldDisplay: false
    )

    @Option(help: ArgumentHelp("Which model: qwen-1.5b, qwen-0.5b or smollm2.", valueName: "name"))
    var model: LocalModelChoice = .default

    @Option(help: ArgumentHelp("CPU threads (default: all cores).", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Request slots served at once.", valueName: "n"))
    var parallel: Int = 1

    func run() async throws {
        LocalServerRegistry.installExitHandlers()
        let server: LocalModelServer
        do {
            server = try await LocalModelServer.start(model: model, threads: threads, parallel: parallel) { line in
                Console.stderr((line + "\n"))
            }
        } catch let error as LocalModelError {
            Console.error(error.description)
            throw ExitCode.failure
        }
        let ready: [String: String] = [
            "base_url": server.baseURL,
            "port": String(server.port),
            "pid": String(server.processID),
            "model": server.modelName,
            "identity": server.modelIdentity,
            "log": server.logFile.path,
        ]
        let line = try JSONSerialization.data(withJSONObject: ready, options: [.sortedKeys, .withoutEscapingSlashes])
        Console.write(STDOUT_FILENO, line + Data("\n".utf8))
        while server.isRunning {
            try await Task.sleep(for: .milliseconds(500))
        }
        Console.error("the local server stopped by itself; see \(server.logFile.path)")
        throw ExitCode.failure
    }
}
