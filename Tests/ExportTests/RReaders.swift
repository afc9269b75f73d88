import Foundation
import XCTest

/// R with the packages a user of export/ has (survey, haven, foreign), as `.ci/run` installs them. Missing, the
/// tests skip on a developer's machine but fail in CI (`CI=true`), like `PythonReaders`.
enum RReaders {
    static func rscript() throws -> String {
        let rscript = ["/usr/bin/Rscript", "/usr/local/bin/Rscript"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let check = "for (p in c('survey', 'haven', 'foreign')) if (!requireNamespace(p, quietly = TRUE)) stop(p)"
        if let rscript, (try? run(rscript, ["-e", check], in: FileManager.default.temporaryDirectory)) != nil { return rscript }
        let message = "no Rscript with survey, haven and foreign: run .ci/run (apt-get install r-base-core r-cran-survey r-cran-haven r-cran-foreign)"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) }
        throw XCTSkip(message)
    }

    /// Runs a program in `directory` and returns its standard output; a non-zero exit is an error with its output.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-r-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: out, encoding: .utf8)
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "R", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: text])
        }
        return text
    }
}
