import Foundation

/// The JSON of `/chat/completions`: what the client sends and what it reads back.
/// Only the fields metaspo uses; unknown fields in replies are ignored.
enum ChatWire {
    struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        var model: String
        var messages: [Message]
        var temperature: Double
        var maxTokens: Int
        var stop: [String]?
        var seed: Int64?
        var stream = false

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, maxTokens = "max_tokens", stop, seed, stream
        }

        init(model: String, messages: [ChatMessage], parameters: SamplingParameters) {
            self.model = model
            self.messages = messages.map { Message(role: $0.role.rawValue, content: $0.content) }
            temperature = parameters.temperature
            maxTokens = parameters.maxTokens
            stop = parameters.stop.isEmpty ? nil : parameters.stop
            // JSON integers are signed 64-bit for most servers.
            seed = parameters.seed.map { Int64(bitPattern: $0 & 0x7fff_ffff_ffff_ffff) }
        }
    }

    struct Response: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message?
            /// Legacy completions shape, accepted from lenient servers.
            var text: String?
        }

        struct Usage: Decodable {
            var promptTokens: Int?
            var completionTokens: Int?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
            }
        }

        var choices: [Choice]?
        var usage: Usage?
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The human part of an error body: `error.message`, `error` as a string,
    /// `message` or `detail` (OpenAI, vLLM, Ollama and FastAPI shapes), else the
    /// start of the raw text.
    static func errorMessage(from body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String {
                return message
            }
            if let error = object["error"] as? String { return error }
            if let message = object["message"] as? String { return message }
            if let detail = object["detail"] as? String { return detail }
        }
        return String(decoding: body.prefix(2048), as: UTF8.self)
    }
}
