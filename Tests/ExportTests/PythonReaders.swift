import Export
import Foundation
import XCTest

/// The Python readers (pyreadstat, frictionless) in the virtual environment `.ci/run` makes. Found through
/// `MIGSTAT_VENV`, `/opt/migstat-venv` or `.venv-ci` in the checkout; missing, the tests skip on a developer's
/// machine but fail in CI (`CI=true`), so that CI never passes without having read the files.
enum PythonReaders {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bin(_ tool: String, needs module: String) throws -> String {
        let env = ProcessInfo.processInfo.environment
        let venvs = [env["MIGSTAT_VENV"], "/opt/migstat-venv", root.appendingPathComponent(".venv-ci").path].compactMap { $0 }
        for venv in venvs {
            let python = venv + "/bin/python"
            guard FileManager.default.isExecutableFile(atPath: python), (try? run(python, ["-c", "import \(module)"])) != nil else { continue }
            return venv + "/bin/" + tool
        }
        let message = "no virtual environment with \(module) (tried \(venvs.joined(separator: ", "))): run .ci/run or set MIGSTAT_VENV"
        if env["CI"] == "true" { XCTFail(message); throw XCTSkip(message) }
        throw XCTSkip(message)
    }

    /// A table written as .dta and .sav into a scratch directory and read back by read_labelled.py, by file name.
    static func writtenAndReadBack<Seen: Decodable>(_ table: LabelledTable, with python: String, as: Seen.Type) throws -> [String: Seen] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-readback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for format in ReadStatWriter.Format.allCases {
            try ReadStatWriter.write(table, as: format).write(to: directory.appendingPathComponent("\(table.name).\(format.rawValue)"))
        }
        let script = root.appendingPathComponent("Tests/ExportTests/Scripts/read_labelled.py").path
        return try JSONDecoder().decode([String: Seen].self, from: run(python, [script, directory.path]))
    }

    /// Runs a program and returns its standard output; a non-zero exit is an error carrying its standard error.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is read on another thread, so that neither pipe fills while the other is read.
        final class Box: @unchecked Sendable { var data = Data() }   // written once, read after wait()
        let errors = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errors.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "python", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: output + errors.data, as: UTF8.self)])
        }
        return output
    }
}

/// A value as read_labelled.py prints it: a number, or text (a string, a date, a Stata missing tag "a", a label).
enum ReadValue: Decodable, Hashable {
    case number(Double), text(String)
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
    }
}
