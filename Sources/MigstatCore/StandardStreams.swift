import Foundation

/// Every byte migstat writes to standard output and standard error goes through here. A write that fails (a
/// full log volume, a closed descriptor) is counted, never a trap, and the run goes on: the exit status says it
/// once (74, EX_IOERR: `ExitStatus.logLost` of the CLI), since the log that would have said it is what was lost.
public enum StandardStreams {
    public enum Stream: Int32 { case output = 1, error = 2 }

    private final class Failures: @unchecked Sendable {   // `count` is only touched with `lock` held
        let lock = NSLock()
        var count = 0
    }
    private static let failures = Failures()

    public static func write(_ text: String, to stream: Stream) {
        write(Array(text.utf8), to: stream)
    }

    public static func write(_ bytes: [UInt8], to stream: Stream) {
        let name = stream == .output ? "standard output" : "standard error"
        do {
            try bytes.withUnsafeBytes { try PosixFile(descriptor: stream.rawValue, path: name).writeAll($0) }
        } catch {
            failures.lock.lock(); defer { failures.lock.unlock() }
            failures.count += 1
        }
    }

    /// Writes that failed so far.
    public static var failedWrites: Int {
        failures.lock.lock(); defer { failures.lock.unlock() }
        return failures.count
    }

    /// EX_IOERR: the command's work is done, but a line of its log or output could not be written.
    public static let logLost: Int32 = 74

    /// The exit status once the command is done: a success whose log or output could not all be written is 74.
    /// A failure keeps its own code, the more useful news.
    public static func status(_ code: Int32) -> Int32 {
        code == 0 && failedWrites > 0 ? logLost : code
    }
}
