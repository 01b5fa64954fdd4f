#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A session file opened with POSIX calls, so each line is one `write(2)` and
/// every failure comes back with its `errno`.
public final class FileSink: SessionSink {
    public enum OpenMode: Sendable {
        /// A new file; fails with EEXIST if it is there.
        case createNew
        /// An existing file, written at its end.
        case append
    }

    public let path: String
    private var fd: Int32

    /// Opens `path`. New files are readable by their owner only: sessions hold
    /// prompts and model replies that may be private.
    public init(path: String, mode: OpenMode) throws(SessionIOError) {
        self.path = path
        var flags = O_WRONLY | O_APPEND | O_CLOEXEC
        if mode == .createNew { flags |= O_CREAT | O_EXCL }
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { throw SessionIOError(operation: "open", code: errno) }
        self.fd = fd
    }

    deinit {
        if fd >= 0 { _ = systemClose(fd) }
    }

    public func write(_ bytes: [UInt8]) throws(SessionIOError) {
        guard fd >= 0 else { throw SessionIOError(operation: "write", code: EBADF) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                systemWrite(fd, buf.baseAddress! + done, buf.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SessionIOError(operation: "write", code: errno)
            }
            if n == 0 { throw SessionIOError(operation: "write", code: EIO) }
            done += n
        }
    }

    public func sync() throws(SessionIOError) {
        guard fd >= 0 else { throw SessionIOError(operation: "fsync", code: EBADF) }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            // Character devices such as /dev/full cannot be synced; nothing is lost.
            if errno == EINVAL || errno == EROFS { return }
            throw SessionIOError(operation: "fsync", code: errno)
        }
    }

    public func truncate(to length: Int) throws(SessionIOError) {
        guard fd >= 0 else { throw SessionIOError(operation: "truncate", code: EBADF) }
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw SessionIOError(operation: "truncate", code: errno)
        }
    }

    public func size() throws(SessionIOError) -> Int {
        guard fd >= 0 else { throw SessionIOError(operation: "stat", code: EBADF) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SessionIOError(operation: "stat", code: errno) }
        return Int(st.st_size)
    }

    public func close() throws(SessionIOError) {
        guard fd >= 0 else { return }
        let r = systemClose(fd)
        fd = -1
        if r != 0 { throw SessionIOError(operation: "close", code: errno) }
    }
}

// The class's own `write` and `close` methods hide the C functions of the same name.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}

private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}
