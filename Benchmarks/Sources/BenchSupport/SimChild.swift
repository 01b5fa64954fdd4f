public import Foundation
import SPOCore
import SPOTestSupport

/// The simulated endpoint in a child process (this executable run again with
/// `serve-sim`), so that the parent's CPU and memory figures are the client's alone.
/// `init(arguments:)` starts any endpoint the executable serves that way: the
/// child prints its base URL on the first line and serves until its stdin closes.
public final class SimChild: @unchecked Sendable {
    public let process: Process
    private let input: Pipe
    public let baseURL: String

    /// Call first thing in `main`: serves and exits when started as the child.
    public static func serveIfChild() async throws {
        let args = CommandLine.arguments
        guard args.count > 1, args[1] == "serve-sim" else { return }
        let latency = args.count > 2 ? Double(args[2]) ?? 0 : 0
        let sim = try await SimulatedEndpoint.start(builtin: PaperSetting.tasks, options: .init(baseLatency: latency, optimizerLatency: latency))
        FileHandle.standardOutput.write(Data("\(sim.baseURL)\n".utf8))
        // Serve until the parent closes our stdin (or dies).
        _ = FileHandle.standardInput.readDataToEndOfFile()
        await sim.stop()
        exit(0)
    }

    public convenience init(latency: Double = 0) throws {
        try self.init(arguments: ["serve-sim", String(latency)])
    }

    public init(arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.hasPrefix("http") else { throw SPOError("the endpoint child (\(arguments.joined(separator: " "))) did not report its address") }
        baseURL = url
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
