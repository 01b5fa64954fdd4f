/// An event as it appears on a line: its place in the session (`seq`, 1, 2, 3…
/// across resumes) and its time (`t`, seconds since the run first started).
///
/// A line is `{"seq":…,"t":…,"type":…,<fields>}`, compact, keys in that order.
public struct EventRecord: Sendable, Hashable {
    public var seq: Int
    public var t: Double
    public var event: EngineEvent

    public init(seq: Int, t: Double, event: EngineEvent) {
        self.seq = seq
        self.t = t
        self.event = event
    }

    /// The line's bytes, without the newline.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        appendJSON(to: &out)
        return out
    }

    /// The line as text, without the newline.
    public var jsonLine: String { String(decoding: jsonBytes(), as: UTF8.self) }

    func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"seq":"#.utf8)
        JSONText.appendInt(seq, to: &out)
        out.append(contentsOf: #","t":"#.utf8)
        JSONText.appendDouble(t, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONText.appendString(event.type, to: &out)
        for (key, value) in event.fields where !Self.envelopeKeys.contains(key) {
            out.append(UInt8(ascii: ","))
            JSONText.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Keys every line has; an unknown event's fields never repeat them.
    static let envelopeKeys: Set<String> = ["seq", "t", "type"]

    /// The whole line as a JSON object.
    public var jsonValue: JSONValue {
        .object([("seq", .int(seq)), ("t", .double(t)), ("type", .string(event.type))] + event.fields.filter { !Self.envelopeKeys.contains($0.key) })
    }

    /// Reads a line (without its newline). Errors name the event type and field.
    public init(jsonLine: String) throws(SPOError) {
        var copy = jsonLine
        let result: Result<EventRecord, SPOError> = copy.withUTF8 { buf in
            do throws(SPOError) {
                return .success(try EventRecord(jsonBytes: buf))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Reads a line from its UTF-8 bytes (the session reader's path).
    init(jsonBytes: UnsafeBufferPointer<UInt8>) throws(SPOError) {
        let value: JSONValue
        do {
            value = try JSONBytesParser.parse(jsonBytes)
        } catch {
            throw SPOError("invalid JSON at column \(error.column): \(JSONText.inert(error.problem))")
        }
        try self.init(json: value)
    }

    /// Reads an event object.
    public init(json: JSONValue) throws(SPOError) {
        guard let pairs = json.objectValue else { throw SPOError("expected an event object, found \(json.typeName)") }
        let envelope = EventFieldReader(pairs, context: "event")
        let type = try envelope.string("type")
        let r = EventFieldReader(pairs, context: type)
        seq = try r.int("seq")
        t = try r.double("t")
        // Known types ignore keys they do not read; only unknown ones keep the rest.
        event = try EngineEvent.decode(type: type, fields: pairs)
        if case .unknown(let type, let fields) = event {
            event = .unknown(type: type, fields: .object((fields.objectValue ?? []).filter { !Self.envelopeKeys.contains($0.key) }))
        }
    }
}

extension EventRecord: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: try JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
