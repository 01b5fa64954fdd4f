/// What every event's field struct does: read itself from an event object and
/// write itself back with a fixed key order.
protocol EventPayload: Sendable, Hashable {
    init(fields: EventFieldReader) throws(SPOError)
    func write(to fields: inout EventFieldWriter)
}

extension EventPayload {
    /// The fields alone, as a JSON object (used for nested values too).
    var fieldsValue: JSONValue {
        var w = EventFieldWriter()
        write(to: &w)
        return w.value
    }
}
