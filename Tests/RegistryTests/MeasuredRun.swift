import Foundation

/// The built `migstat` run in a child process, and that process's peak resident memory in KiB.
///
/// Measured by a small parent of its own (python3's `RUSAGE_CHILDREN` after waiting for it): a child's
/// `ru_maxrss` counts the image it was spawned from, so spawned from the test process it would report the test
/// process's memory; and the test process's own `ru_maxrss` is the peak of every test run in it so far.
/// Standard output and error go to `<directory>/.stdout-<label>` and `.stderr-<label>`.
enum MeasuredRun {
    static func migstat(_ arguments: [String], in directory: URL, label: String) throws -> (status: Int32, peakKiB: Int) {
        let script = """
            import resource, subprocess, sys
            status = subprocess.call(sys.argv[3:], stdout=open(sys.argv[1] + ".stdout-" + sys.argv[2], "wb"), stderr=open(sys.argv[1] + ".stderr-" + sys.argv[2], "wb"))
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.exit(status if status >= 0 else 128 - status)
            """
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, directory.path + "/", label, MigstatBinary.path] + arguments
        process.standardOutput = pipe
        try process.run()
        let peak = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, Int(peak.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max)
    }
}
