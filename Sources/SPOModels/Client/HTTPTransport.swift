public import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The process-wide HTTP client every `OpenAIClient` uses by default.
///
/// One client keeps one connection pool per host, so replicas, roles and retries
/// reuse connections. It lives for the whole process and is never shut down (a
/// process-lifetime singleton, like `HTTPClient.shared`), but with a pool large
/// enough that `SlotPool`, not the pool, limits requests in flight: the shared
/// default allows only 8 HTTP/1 connections per host.
public enum HTTPTransport {
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        // The pool retries a refused connect with backoff until this deadline and
        // only then reports the refusal, so it bounds how long a wrong port takes
        // to be said; 5 s is what OpenAI's own Python client allows a connect.
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
