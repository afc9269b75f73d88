import Foundation
import XCTest

/// The repository's lint (`scripts/lint.sh`, also run by `.ci/run` before the tests): each check's offenders
/// are the failure's message.
final class LintTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `scripts/lint.sh check` over the files of `root`; its exit status and everything it printed.
    func lint(_ check: String, root: URL = LintTests.root) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/lint.sh")
        process.arguments = [check]
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func testEverySwiftFileKeepsTheRulesOfSwiftFormat() throws {
        let (status, output) = try lint("rules")
        XCTAssertEqual(status, 0, output)
    }

    func testNoSwiftFileIsOver300Lines() throws {
        let (status, output) = try lint("lengths")
        XCTAssertEqual(status, 0, "split these by topic (Type+Topic.swift):\n" + output)
    }

    /// The check finds what it is for: a file breaking a rule (parentheses around a condition) and one too long,
    /// in a copy of the script and its configuration outside the repository.
    func testTheLintFindsAnOffenderOfEachKind() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        let sources = copy.appendingPathComponent("Sources")
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for file in ["scripts/lint.sh", ".swift-format"] {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(file), to: copy.appendingPathComponent(file))
        }
        try "let x = 1\nif (x == 1) { print(x) }\n".write(to: sources.appendingPathComponent("Parens.swift"), atomically: true, encoding: .utf8)
        try String(repeating: "// a line\n", count: 301).write(to: sources.appendingPathComponent("Long.swift"), atomically: true, encoding: .utf8)
        let rules = try lint("rules", root: copy), lengths = try lint("lengths", root: copy)
        XCTAssertNotEqual(rules.status, 0)
        XCTAssertTrue(rules.output.contains("Parens.swift:2:4: warning: [NoParensAroundConditions]"), rules.output)
        XCTAssertTrue(lengths.output.contains("Sources/Long.swift: 301 lines"), lengths.output)
        XCTAssertFalse(lengths.output.contains("Parens.swift"), lengths.output)
    }
}
