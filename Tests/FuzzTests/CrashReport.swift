import Foundation
#if canImport(Glibc)
import Glibc
#endif

// What the signal handler reports: fixed buffers filled before each input, so
// the handler only calls write(2), open(2) and close(2).
nonisolated(unsafe) private var inputBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: CrashReport.capacity)
nonisolated(unsafe) private var inputLength = 0
nonisolated(unsafe) private var inputIndex = 0
nonisolated(unsafe) private var labelBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: 256)
nonisolated(unsafe) private var digitBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
nonisolated(unsafe) private var savePath: UnsafeMutablePointer<CChar> = strdup(FuzzSettings.savePath)
/// The actions in place before ours, by signal number.
nonisolated(unsafe) private var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 64)

/// Says which input crashed the process, and saves it, from the signal handler.
enum CrashReport {
    static let capacity = 4 * FuzzSettings.maxLength
    static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    private static let installed: Void = {
        labelBuffer[0] = 0
        for sig in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = handle
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(sig, &action, &old)
            previousActions[Int(sig)] = old
        }
    }()

    static func install() { _ = installed }

    /// Gives the calling thread a stack for the handler, so a stack overflow is reported too.
    static func prepareThread() {
        let size = 1 << 16
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
    }

    static func setLabel(_ label: String) {
        let bytes = Array(label.utf8.prefix(255))
        for (i, b) in bytes.enumerated() { labelBuffer[i] = CChar(bitPattern: b) }
        labelBuffer[bytes.count] = 0
    }

    static func remember(_ input: [UInt8], index: Int) {
        let n = min(input.count, capacity)
        input.withUnsafeBufferPointer { src in
            if n > 0 { inputBuffer.update(from: src.baseAddress!, count: n) }
        }
        inputLength = n
        inputIndex = index
    }
}

private func say(_ text: UnsafePointer<CChar>) {
    _ = write(2, text, strlen(text))
}

private func handle(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    say("\nfuzz: ")
    say(labelBuffer)
    say(" crashed on input #")
    var n = inputIndex
    var end = 23
    digitBuffer[end] = 0
    repeat {
        end -= 1
        digitBuffer[end] = UInt8(48 + n % 10)
        n /= 10
    } while n > 0 && end > 0
    _ = write(2, digitBuffer + end, 23 - end)
    say("; input saved to ")
    say(savePath)
    say("\n")
    let fd = open(savePath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd >= 0 {
        _ = write(fd, inputBuffer, inputLength)
        close(fd)
    }
    // Then whatever was there before (Swift's backtracer), or the default end.
    var old = previousActions[Int(sig)]
    if old.sa_flags & SA_SIGINFO != 0, let previous = old.__sigaction_handler.sa_sigaction {
        sigaction(sig, &old, nil)
        previous(sig, info, context)
    } else {
        signal(sig, SIG_DFL)
        raise(sig)
    }
}
