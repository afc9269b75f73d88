import Foundation
import XCTest

/// A program a test needs from the machine (pdflatex, pdftoppm, the Python venv): found, or the test is skipped
/// on a developer's machine and fails in CI (CI=true), where .ci/run installs it.
struct ExternalTool {
    struct Missing: Error, CustomStringConvertible { var description: String }

    static func find(_ candidates: [String], install: String) throws -> String {
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw Missing(description: "\(candidates[0]) is missing: CI must run this test (\(install))") }
        throw XCTSkip("\(candidates[0]) is not installed (\(install))")
    }

    /// Runs a program in `directory`; returns its exit status and its output (stdout and stderr, in a file).
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("tool-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// The repository root (for its committed output/).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
