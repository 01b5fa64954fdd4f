public import SPOCore

/// Where events go to be numbered and kept (the session file). Each event
/// becomes one whole line; a throw stops the run, since an unrecorded run
/// cannot be resumed.
public protocol EventSink: Sendable {
    /// Stamps the event with the next `seq` and the current `t`, keeps it, and
    /// returns the record.
    func append(_ event: EngineEvent) throws -> EventRecord
    /// Drops every record from `seq` on, so the next append gets `seq` (used when
    /// a resumed run diverges from its log).
    func truncate(fromSeq seq: Int) throws
}
