#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on a session file: which operation, and the OS error.
public struct SessionIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// "open", "write", "fsync", "truncate"…
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The symbolic name when it is a common one ("ENOSPC"), else "errno 123".
    public var name: String {
        switch code {
        case ENOSPC: "ENOSPC"
        case EIO: "EIO"
        case EDQUOT: "EDQUOT"
        case EFBIG: "EFBIG"
        case EROFS: "EROFS"
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EEXIST: "EEXIST"
        case EISDIR: "EISDIR"
        case ENOTDIR: "ENOTDIR"
        case EBADF: "EBADF"
        case EINVAL: "EINVAL"
        case EPIPE: "EPIPE"
        case EMFILE: "EMFILE"
        case ENAMETOOLONG: "ENAMETOOLONG"
        default: "errno \(code)"
        }
    }

    /// The system's words for it ("No space left on device").
    public var reason: String { String(cString: strerror(code)) }

    /// "write failed: No space left on device (ENOSPC)".
    public var description: String { "\(operation) failed: \(reason) (\(name))" }
}
