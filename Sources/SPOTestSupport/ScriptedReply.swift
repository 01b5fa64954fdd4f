public import Foundation

/// What the scripted server does with one request: answer (after an optional
/// delay), or cut the connection.
public struct ScriptedReply: Sendable {
    public enum Action: Sendable {
        /// Send a complete response.
        case respond
        /// Close the connection without sending anything.
        case cut
        /// Send the head and a few body bytes of a longer body, then close.
        case cutMidBody
    }

    public var action: Action
    public var status: Int
    public var headers: [(String, String)]
    public var body: String
    /// Seconds to wait before acting (a slow server).
    public var delay: Double

    public init(action: Action = .respond, status: Int = 200, headers: [(String, String)] = [], body: String = "", delay: Double = 0) {
        self.action = action
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    /// A well-formed chat completion. `usage: false` leaves the usage object out.
    public static func chat(_ text: String, promptTokens: Int = 10, completionTokens: Int = 5, usage: Bool = true, delay: Double = 0) -> ScriptedReply {
        var object: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
            "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
        ]
        if usage {
            object["usage"] = ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens]
        }
        return json(object, delay: delay)
    }

    /// An OpenAI-style error: `{"error": {"message": …}}`, with optional `Retry-After`.
    public static func error(_ status: Int, message: String, retryAfter: String? = nil, delay: Double = 0) -> ScriptedReply {
        var reply = json(["error": ["message": message, "type": "test_error"]], status: status, delay: delay)
        if let retryAfter { reply.headers.append(("Retry-After", retryAfter)) }
        return reply
    }

    public static func json(_ object: Any, status: Int = 200, delay: Double = 0) -> ScriptedReply {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return ScriptedReply(status: status, headers: [("Content-Type", "application/json")], body: String(decoding: data, as: UTF8.self), delay: delay)
    }

    public static func raw(_ body: String, status: Int = 200, contentType: String = "text/plain", delay: Double = 0) -> ScriptedReply {
        ScriptedReply(status: status, headers: [("Content-Type", contentType)], body: body, delay: delay)
    }

    public static let cut = ScriptedReply(action: .cut)
    public static let cutMidBody = ScriptedReply(action: .cutMidBody, body: String(repeating: "x", count: 1000))
}

/// A request as the scripted server received it.
public struct RecordedRequest: Sendable {
    /// 1-based arrival order over the server's life.
    public var number: Int
    public var method: String
    public var uri: String
    public var headers: [(String, String)]
    public var body: Data
    /// The server's number for the connection it came on.
    public var connection: Int

    public init(number: Int, method: String, uri: String, headers: [(String, String)], body: Data, connection: Int = 0) {
        self.number = number
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.connection = connection
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body parsed as a JSON object, if it is one.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// The chat messages of an OpenAI request body, as (role, content).
    public var messages: [(role: String, content: String)] {
        let list = json?["messages"] as? [[String: Any]] ?? []
        return list.map { (($0["role"] as? String) ?? "", ($0["content"] as? String) ?? "") }
    }
}
