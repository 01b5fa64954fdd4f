#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A session sink that starts failing at a chosen write, as a disk that fills
/// up does: that write puts half its bytes in and fails, and so does every write
/// after it. It is the I/O fault seam of the reliability tests, which run the
/// real binary as root (file permissions cannot provoke a failure there).
///
/// `SessionWriter.create` and `reopen` put it in place when the environment
/// holds `METASPO_FAIL_SESSION_WRITE=N[:CODE]`: the writer's write N (1 is a new
/// session's header, or the first event after a resume) fails with `CODE`, one of
/// `ENOSPC` (the default), `EIO`, `EDQUOT`, `EFBIG`. Nothing reads the variable
/// in a normal run.
public final class FailingSink: SessionSink {
    /// The environment variable that turns the seam on.
    public static let environmentKey = "METASPO_FAIL_SESSION_WRITE"

    private let inner: any SessionSink
    private let failAt: Int
    private let code: Int32
    private var writes = 0

    /// - Parameters:
    ///   - failAt: the 1-based write that fails first.
    ///   - code: the `errno` the failures report (nil: ENOSPC, a full disk).
    public init(_ inner: any SessionSink, failAt: Int, code: Int32? = nil) {
        self.inner = inner
        self.failAt = failAt
        self.code = code ?? ENOSPC
    }

    /// The sink `environment` asks for around `sink`: `sink` itself unless the
    /// seam's variable is set. A malformed value is an error, not ignored.
    public static func wrap(_ sink: any SessionSink, environment: [String: String]) throws(SPOError) -> any SessionSink {
        guard let spec = environment[environmentKey], !spec.isEmpty else { return sink }
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let codes: [String: Int32] = ["ENOSPC": ENOSPC, "EIO": EIO, "EDQUOT": EDQUOT, "EFBIG": EFBIG]
        guard let n = Int(parts[0]), n >= 1, let code = parts.count == 2 ? codes[parts[1].uppercased()] : ENOSPC else {
            throw SPOError("\(environmentKey)=\(spec): expected N or N:CODE (N ≥ 1; CODE one of \(codes.keys.sorted().joined(separator: ", ")))")
        }
        return FailingSink(sink, failAt: n, code: code)
    }

    public func write(_ bytes: [UInt8]) throws(SessionIOError) {
        writes += 1
        guard writes >= failAt else { return try inner.write(bytes) }
        // Half a line reaches the file, as with a disk that filled up mid-write.
        if writes == failAt, bytes.count > 1 { try inner.write(Array(bytes.prefix(bytes.count / 2))) }
        throw SessionIOError(operation: "write", code: code)
    }

    public func sync() throws(SessionIOError) { try inner.sync() }

    public func truncate(to length: Int) throws(SessionIOError) { try inner.truncate(to: length) }

    public func size() throws(SessionIOError) -> Int { try inner.size() }

    public func close() throws(SessionIOError) { try inner.close() }
}
