import Foundation
import XCTest

/// Fixture studies (pipeline.json + raw/) and scratch copies of them.
enum Studies {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/studies")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()
    }

    /// A fresh directory for one test.
    static func scratch(_ name: String = #function) -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("migstat-robustness-\(getpid())/\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A scratch copy of a fixture study, to damage freely.
    static func copy(_ study: String, name: String = #function) throws -> URL {
        let dir = scratch(name)
        for item in ["pipeline.json", "raw"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("\(study)/\(item)"), to: dir.appendingPathComponent(item))
        }
        return dir
    }
}

/// The `migstat` executable `swift test` built beside the test bundle, run as a user would.
enum Migstat {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("migstat").path
    }

    /// Runs `migstat` (or `sh -c shell` with the binary as $0) in `directory`, with stdout and stderr in files
    /// so that a large output cannot block it.
    static func run(_ arguments: [String], in directory: URL, shell: String? = nil) throws -> Result {
        let process = try start(arguments, in: directory, shell: shell)
        process.waitUntilExit()
        return finish(process, in: directory)
    }

    static func start(_ arguments: [String], in directory: URL, shell: String? = nil) throws -> Process {
        // RobustnessTests depend on the executable, so `swift test` builds it: missing, it is a build failure.
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("no migstat binary at \(binary)")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell, binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        for name in ["stdout", "stderr"] {
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent(".\(name)").path, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: directory.appendingPathComponent(".stdout"))
        process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent(".stderr"))
        try process.run()
        return process
    }

    static func finish(_ process: Process, in directory: URL) -> Result {
        func text(_ name: String) -> String {
            (try? String(contentsOf: directory.appendingPathComponent(".\(name)"), encoding: .utf8)) ?? ""
        }
        return Result(status: process.terminationStatus, stdout: text("stdout"), stderr: text("stderr"))
    }
}

/// A failure as the data contract wants it: the expected exit code, one clear line on stderr naming the problem,
/// and nothing that looks like a crash.
func assertCleanFailure(_ r: Migstat.Result, status: Int32, mentions expected: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(r.status, status, "exit status; stderr: \(r.stderr)", file: file, line: line)
    let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("migstat: error: ") }
    XCTAssertEqual(errors.count, 1, "one error line in: \(r.stderr)", file: file, line: line)
    XCTAssertTrue(expected.isEmpty || errors.first?.contains(expected) ?? false, "expected \"\(expected)\" in: \(r.stderr)", file: file, line: line)
    for crash in ["Fatal error", "Stack dump", "backtrace", "Segmentation", "Illegal instruction", "Swift runtime failure", "0x0000"] {
        XCTAssertFalse(r.stderr.contains(crash), "a crash trace (\(crash)) in: \(r.stderr)", file: file, line: line)
    }
}
