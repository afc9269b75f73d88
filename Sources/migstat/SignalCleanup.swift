import CSupport
import Foundation
import MigstatCore
import Pipeline

/// SIGTERM (kill, systemd, a cron timeout) and SIGINT (Ctrl-C) stop a run cleanly: a C handler only writes the
/// signal's number to a pipe, and this thread, reading it, removes the staging directory, releases the lock,
/// reports (the log's last lines: `run_stopped`, `run_finished`) and exits with 128 + the signal (`Termination.stop`).
enum SignalCleanup {
    static func install(report: @escaping @Sendable (_ message: String, _ exitCode: Int32) -> Void) {
        let signals: [Int32] = [SIGTERM, SIGINT]
        let pipe = signals.withUnsafeBufferPointer { migstat_signal_pipe($0.baseAddress, Int32($0.count)) }
        guard pipe >= 0 else { return }   // without a pipe the signals keep their default: the SIGKILL guarantees hold
        let thread = Thread {
            var signal: UInt8 = 0
            guard PosixFile.retryingInterrupts({ read(pipe, &signal, 1) }) == 1 else { return }
            let code = 128 + Int32(signal)
            Termination.shared.stop(signal: Int32(signal)) { report($0, code) }
        }
        thread.name = "signals"
        thread.start()
    }
}
