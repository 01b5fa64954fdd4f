/// Where a `SessionWriter` puts its bytes. The real one is `FileSink`; tests
/// plug in sinks that fail on demand, since CI runs as root and cannot rely on
/// file permissions to provoke errors.
public protocol SessionSink: AnyObject {
    /// Appends all of `bytes`, or throws. Some bytes may have reached the file
    /// when it throws; the writer cleans that up with `truncate`.
    func write(_ bytes: [UInt8]) throws(SessionIOError)
    /// Makes what was written durable (fsync).
    func sync() throws(SessionIOError)
    /// Cuts the file to `length` bytes.
    func truncate(to length: Int) throws(SessionIOError)
    /// The file's current size in bytes.
    func size() throws(SessionIOError) -> Int
    func close() throws(SessionIOError)
}
