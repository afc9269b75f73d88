import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a run must undo when SIGTERM or SIGINT stops it: its staging directory and its lock's holder line.
/// The CLI's signal thread calls `stop`, which takes the mutex for good (the process ends holding it): a swap
/// under way finishes first and none starts after, so the output is never half-swapped, and no lock descriptor
/// is closed (and its number reused) under the cleanup.
public final class Termination: @unchecked Sendable {   // `tracked` is only touched with `mutex` held
    public static let shared = Termination()

    final class Tracked {
        var stagings: [URL] = []
        var lockDescriptors: [Int32] = []
        /// The new output was swapped in before the signal came.
        var swapped = false
    }

    private let mutex = NSLock()
    private let tracked = Tracked()

    func exclusive<T>(_ body: (Tracked) throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(tracked)
    }

    /// Removes the staging directory, clears the lock's holder (the kernel drops the flock itself at exit),
    /// reports, and exits with 128 + the signal's number, as shells do.
    public func stop(signal: Int32, report: (String) -> Void) -> Never {
        mutex.lock()
        for staging in tracked.stagings { try? StagingDirectory.remove(staging) }
        for fd in tracked.lockDescriptors { ftruncate(fd, off_t(RunLock.marker.utf8.count)) }   // the marker stays
        let name = signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "signal \(signal)"
        let output = tracked.swapped ? "this run's output was already swapped in whole" : "the previous output is left as it was"
        report("stopped by \(name): the staging directory is removed and the lock released; \(output)")
        _exit(128 + signal)
    }
}
