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
        /// Open connections, so `stop()` can close them.
        var channels: [Int: any Channel] = [:]
        /// Replies being worked out, by request number, so `stop()` can cancel them.
        var replies: [Int: Task<Void, Never>] = [:]
        var nextConnection = 0
        var stopped = false
    }

    public let port: Int
    private let counters: NIOLockedValueBox<Counters>
    private let serverChannel: any Channel
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
        // A channel handler per connection rather than NIO's async channels: an
        // async child channel accepted while the listening socket closes is
        // dropped unserved, and NIO traps on that ("Deinited NIOAsyncWriter
        // without calling finish()", swift-nio#2813); the tests stop servers
        // under load on purpose.
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let id = counters.withLockedValue { c -> Int? in
                        guard !c.stopped else { return nil }
                        let id = c.nextConnection
                        c.nextConnection += 1
                        c.channels[id] = child
                        return id
                    }
                    // A connection accepted as the server stops is closed at once.
                    guard let id else { throw ChannelError.ioOnClosedChannel }
                    child.closeFuture.whenComplete { _ in counters.withLockedValue { _ = $0.channels.removeValue(forKey: id) } }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(
                        Connection(id: id, counters: counters, keepRequests: keepRequests, handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        guard let port = server.localAddress?.port else {
            throw IOError(errnoCode: EADDRNOTAVAIL, reason: "scripted server has no port")
        }
        return ScriptedHTTPServer(port: port, counters: counters, serverChannel: server, keepRequests: keepRequests)
    }

    private init(port: Int, counters: NIOLockedValueBox<Counters>, serverChannel: any Channel, keepRequests: Bool) {
        self.port = port
        self.counters = counters
        self.serverChannel = serverChannel
        self.keepRequests = keepRequests
    }

    /// Requests received so far.
    public var requestCount: Int { counters.withLockedValue { $0.received } }
    /// The most requests that were ever being handled at the same moment.
    public var maxConcurrent: Int { counters.withLockedValue { $0.maxInFlight } }
    public var inFlight: Int { counters.withLockedValue { $0.inFlight } }
    /// Every request received, in arrival order (empty when `keepRequests` is false).
    public var requests: [RecordedRequest] { counters.withLockedValue { $0.requests } }

    /// Stops accepting, cancels the replies being worked out (a handler that
    /// checks for cancellation, as the simulated endpoint does, answers nothing),
    /// waits for them and closes every connection.
    public func stop() async {
        counters.withLockedValue { $0.stopped = true }
        try? await serverChannel.close()
        let replies = counters.withLockedValue { Array($0.replies.values) }
        for task in replies { task.cancel() }
        for task in replies { await task.value }
        let open = counters.withLockedValue { Array($0.channels.values) }
        for channel in open { try? await channel.close() }
    }

    /// One connection's requests, read on its event loop; each reply is worked
    /// out in a task and written back through the (thread-safe) channel.
    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let id: Int
        let counters: NIOLockedValueBox<Counters>
        let keepRequests: Bool
        let handler: Handler
        private var head: HTTPRequestHead?
        private var body = ByteBuffer()

        init(id: Int, counters: NIOLockedValueBox<Counters>, keepRequests: Bool, handler: @escaping Handler) {
            self.id = id
            self.counters = counters
            self.keepRequests = keepRequests
            self.handler = handler
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let h = head else { return }
                head = nil
                let channel = context.channel
                let id = self.id, keepRequests = self.keepRequests, handler = self.handler
                let body = Data(self.body.readableBytesView)
                // Counted and registered under one lock with the stop check, so
                // `stop()` either refuses the request or cancels and awaits its reply.
                let accepted = counters.withLockedValue { [counters] c -> Bool in
                    guard !c.stopped else { return false }
                    c.received += 1
                    c.inFlight += 1
                    c.maxInFlight = max(c.maxInFlight, c.inFlight)
                    let number = c.received
                    let request = RecordedRequest(
                        number: number, method: h.method.rawValue, uri: h.uri, headers: h.headers.map { ($0.name, $0.value) },
                        body: body, connection: id)
                    if keepRequests { c.requests.append(request) }
                    c.replies[number] = Task {
                        let reply = await handler(request)
                        var cancelled = false
                        if reply.delay > 0 {
                            do { try await Task.sleep(for: .seconds(reply.delay)) } catch { cancelled = true }
                        }
                        await Self.send(cancelled ? nil : reply, version: h.version, on: channel)
                        counters.withLockedValue { c in
                            c.inFlight -= 1
                            c.replies[number] = nil
                        }
                    }
                    return true
                }
                if !accepted { context.close(promise: nil) }
            }
        }

        /// Writes the reply, or cuts the connection as it says (nil: no answer at all).
        private static func send(_ reply: ScriptedReply?, version: HTTPVersion, on channel: any Channel) async {
            guard let reply else {
                try? await channel.close()
                return
            }
            var headers = HTTPHeaders(reply.headers)
            headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
            switch reply.action {
            case .cut:
                try? await channel.close()
            case .cutMidBody:
                channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: .ok, headers: headers)), promise: nil)
                try? await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: String(reply.body.prefix(10)))))).get()
                try? await channel.close()
            case .respond:
                let status = HTTPResponseStatus(statusCode: reply.status)
                channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: status, headers: headers)), promise: nil)
                channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: reply.body))), promise: nil)
                // Queued, not awaited: the request stops counting as in flight before
                // the client can read the reply and send its next one.
                channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
            }
        }
    }
}
