import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One plain GET with a short timeout: does an endpoint answer at all?
/// Used for the local server's `/health` and by `metaspo doctor`.
public enum EndpointProbe {
    public struct Answer: Sendable, Hashable {
        /// The HTTP status, or nil when nothing answered.
        public var status: Int?
        /// The start of the body (at most 2 kB), or the error.
        public var body: String
        public var seconds: Double

        public var ok: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    /// GETs `url`; never throws: a failure is an answer with no status.
    public static func get(_ url: String, bearer: String? = nil, timeoutSeconds: Double = 3) async -> Answer {
        let started = ContinuousClock.now
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let bearer, !bearer.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let timeout = TimeAmount.milliseconds(Int64(timeoutSeconds * 1000))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            return Answer(status: Int(response.status.code), body: String(text.prefix(2048)), seconds: elapsed(since: started))
        } catch {
            return Answer(status: nil, body: "\(error)", seconds: elapsed(since: started))
        }
    }

    /// `{baseURL}/models`, the OpenAI-compatible list of models.
    public static func models(baseURL: String, bearer: String? = nil, timeoutSeconds: Double = 3) async -> Answer {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return await get("\(trimmed)/models", bearer: bearer, timeoutSeconds: timeoutSeconds)
    }

    private static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
