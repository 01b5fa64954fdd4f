import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 (a free port) whose every answer comes from a
/// script: the fault-injecting endpoint of the client tests, the fixed-latency
/// endpoint of the benchmarks, and the base for a simulated OpenAI endpoint.
///
/// It counts requests and the most it ever had in flight at once, and keeps
/// every request for inspection.
public final class ScriptedHTTPServer: Sendable {
    /// Decides the reply to one request. Runs concurrently for concurrent requests.
    public typealias Handler = @Sendable (RecordedRequest) async -> ScriptedReply

    private struct Counters {
        var received = 0
        var inFlight = 0
        var maxInFlight = 0
        var requests: [RecordedRequest] = []
        /// One task per open connection, so `stop()` can end them all.
        var connections: [Int: Task<Void, Never>] = [:]
        var nextConnection = 0
    }

    public let port: Int
    private let counters: NIOLockedValueBox<Counters>
    private let serverChannel: any Channel
    private let acceptTask: Task<Void, Never>
    private let keepRequests: Bool

    /// `http://127.0.0.1:PORT/v1`, the shape of an OpenAI-compatible base URL.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts serving at once.
    /// - Parameters:
    ///   - keepRequests: false keeps only counts (long benchmarks).
    ///   - port: 0 for a free port; a given one to come back on the port of a
    ///     server that was stopped (an endpoint that went away for a while).
    public static func start(keepRequests: Bool = true, port: Int = 0, handler: @escaping Handler) async throws -> ScriptedHTTPServer {
        let counters = NIOLockedValueBox(Counters())
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                }
            }
        guard let port = server.channel.localAddress?.port else {
            throw IOError(errnoCode: EADDRNOTAVAIL, reason: "scripted server has no port")
        }
        // Every accepted connection must reach `executeThenClose` (NIO traps on an
        // async channel dropped unused), so the accept loop is never cancelled:
        // `stop()` closes the listening socket, the loop drains what was accepted
        // and ends, and then the connection tasks are cancelled.
        let task = Task<Void, Never> {
            try? await server.executeThenClose { connections in
                for try await connection in connections {
                    counters.withLockedValue { c in
                        let id = c.nextConnection
                        c.nextConnection += 1
                        c.connections[id] = Task {
                            await Self.serve(connection, id: id, counters: counters, keepRequests: keepRequests, handler: handler)
                            _ = counters.withLockedValue { $0.connections.removeValue(forKey: id) }
                        }
                    }
                }
            }
        }
        return ScriptedHTTPServer(port: port, counters: counters, serverChannel: server.channel, acceptTask: task, keepRequests: keepRequests)
    }

    private init(port: Int, counters: NIOLockedValueBox<Counters>, serverChannel: any Channel, acceptTask: Task<Void, Never>, keepRequests: Bool) {
        self.port = port
        self.counters = counters
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
        self.keepRequests = keepRequests
    }

    /// Requests received so far.
    public var requestCount: Int { counters.withLockedValue { $0.received } }
    /// The most requests that were ever being handled at the same moment.
    public var maxConcurrent: Int { counters.withLockedValue { $0.maxInFlight } }
    public var inFlight: Int { counters.withLockedValue { $0.inFlight } }
    /// Every request received, in arrival order (empty when `keepRequests` is false).
    public var requests: [RecordedRequest] { counters.withLockedValue { $0.requests } }

    /// Stops accepting, drops open connections and waits for the handlers to end.
    public func stop() async {
        try? await serverChannel.close()
        await acceptTask.value
        let open = counters.withLockedValue { Array($0.connections.values) }
        for task in open { task.cancel() }
        for task in open { await task.value }
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, id: Int, counters: NIOLockedValueBox<Counters>,
        keepRequests: Bool, handler: Handler
    ) async {
        let opened = ContinuousClock.now
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let h = head else { continue }
                    let number = counters.withLockedValue { c -> Int in
                        c.received += 1
                        c.inFlight += 1
                        c.maxInFlight = max(c.maxInFlight, c.inFlight)
                        return c.received
                    }
                    let request = RecordedRequest(
                        number: number, method: h.method.rawValue, uri: h.uri, headers: h.headers.map { ($0.name, $0.value) },
                        body: Data(body.readableBytesView), connection: id, connectionOpened: opened)
                    if keepRequests { counters.withLockedValue { $0.requests.append(request) } }
                    let reply = await handler(request)
                    defer { counters.withLockedValue { $0.inFlight -= 1 } }
                    if reply.delay > 0 { try await Task.sleep(for: .seconds(reply.delay)) }
                    switch reply.action {
                    case .cut:
                        return
                    case .cutMidBody:
                        var headers = HTTPHeaders(reply.headers)
                        headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
                        try await outbound.write(.head(HTTPResponseHead(version: h.version, status: .ok, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: String(reply.body.prefix(10))))))
                        return
                    case .respond:
                        var headers = HTTPHeaders(reply.headers)
                        headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
                        let status = HTTPResponseStatus(statusCode: reply.status)
                        try await outbound.write(.head(HTTPResponseHead(version: h.version, status: status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: reply.body))))
                        try await outbound.write(.end(nil))
                    }
                    head = nil
                }
            }
        }
    }
}
