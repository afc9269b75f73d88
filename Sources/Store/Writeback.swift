import CSupport
import Foundation
import MigstatCore

/// Pushes a file's dirty pages towards the disk while it is being written, from a thread of its own.
///
/// A delivery's transaction writes hundreds of MB that the kernel would otherwise keep in memory until the
/// commit's fsync, which would then wait for all of them at once. Started early, the disk writes overlap
/// the load and the fsync (which still runs: durability is unchanged) finds little left.
// Unchecked: the thread reads only the file descriptor, set before it starts; stopping goes through a semaphore.
final class Writeback: @unchecked Sendable {
    private let file: PosixFile
    private let stopped = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Nil when the file cannot be opened: the load then simply goes without.
    init?(path: String, every interval: Double = 0.25) {
        guard let file = try? PosixFile.open(path, O_RDONLY, for: .read) else { return nil }
        self.file = file
        let fd = file.descriptor
        let thread = Thread { [stopped, finished] in
            migstat_name_thread("migstat-flush")
            while stopped.wait(timeout: .now() + interval) == .timedOut { _ = migstat_start_writeback(fd) }
            finished.signal()
        }
        thread.stackSize = 1 << 16
        thread.start()
    }

    /// Stops the thread (before the commit, whose fsync does the rest).
    func stop() {
        stopped.signal()
        finished.wait()
        file.closeIgnoringErrors()
    }
}
