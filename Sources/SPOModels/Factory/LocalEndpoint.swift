/// A running local OpenAI-compatible server that serves a role with no
/// configured endpoint (the embedded llama.cpp server).
public protocol LocalEndpoint: Sendable {
    /// Like `http://127.0.0.1:41234/v1`.
    var baseURL: String { get }
    /// The `model` name to send.
    var modelName: String { get }
    /// What identifies the weights across runs and ports: the GGUF's sha256.
    var modelIdentity: String { get }
    func stop() async
}

/// Starts the local server, reporting progress lines (install, load, health).
public typealias LocalEndpointStarter = @Sendable (_ progress: @escaping @Sendable (String) -> Void) async throws -> any LocalEndpoint

extension LocalEndpoint {
    /// Requests the server works on at once (llama.cpp's `--parallel`).
    public var parallelSlots: Int { 1 }
}

/// The embedded llama.cpp server is the local endpoint.
extension LocalModelServer: LocalEndpoint {}

extension ModelFactory {
    /// Starts the embedded server with `model` (installing it on first use).
    public static func embeddedStarter(model: LocalModelChoice = .default, draft: LocalDraft = .none, runtime: LocalServerRuntime = .auto) -> LocalEndpointStarter {
        { progress in try await LocalModelServer.start(model: model, draft: draft, runtime: runtime, progress: progress) }
    }
}
