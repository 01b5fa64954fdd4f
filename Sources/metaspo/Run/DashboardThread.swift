import Foundation

/// Runs the dashboard loop on a thread of its own: curses calls must all come
/// from one thread, and the loop blocks while it waits for keys, which a Swift
/// concurrency task must not do.
enum DashboardThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "metaspo-dashboard"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
