import Foundation
import MigstatCore
import XCTest

/// Bad input gets a clear error naming where it is, and a failed run leaves the previous output whole.
final class FailureTests: XCTestCase {
    func testMislabelledRespondentsFileIsAnErrorWithFileAndLine() throws {
        let raw = try copyOfRaw()
        let file = raw.appendingPathComponent("akf_2008/respondents.csv")
        // The same extract re-saved as UTF-8 while pipeline.json still declares windows-1251.
        let bytes = try Data(contentsOf: file)
        let utf8 = String(bytes.map { b -> Character in
            switch b {
            case 0xC0...0xFF: return Character(Unicode.Scalar(UInt32(b) - 0xC0 + 0x410)!)
            case 0xA8: return "Ё"
            case 0xB8: return "ё"
            default: return Character(Unicode.Scalar(b))
            }
        })
        try Data(utf8.utf8).write(to: file)
        let out = try temporaryDirectory().appendingPathComponent("output")
        XCTAssertThrowsError(try runPipeline(raw: raw.path, out: out)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("\(raw.path)/akf_2008/respondents.csv:2: column Q18:"), message)
            XCTAssertTrue(message.contains("declares windows-1251"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testMissingFileIsNamed() throws {
        let raw = try copyOfRaw()
        try FileManager.default.removeItem(at: raw.appendingPathComponent("akf_2008/respondents.csv"))
        XCTAssertThrowsError(try runPipeline(raw: raw.path, out: try temporaryDirectory().appendingPathComponent("o"))) { error in
            XCTAssertEqual("\(error)", "\(raw.path)/akf_2008/respondents.csv: no such file")
        }
    }

    func testWrongPipelineJSONNamesTheJSONPath() throws {
        let dir = try temporaryDirectory()
        var json = try String(contentsOfFile: Repo.config, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"variable\": \"Q15\"", with: "\"variable\": \"Q99\"")
        try json.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try runPipeline(config: dir.appendingPathComponent("pipeline.json").path, out: dir.appendingPathComponent("o"))) { error in
            guard case let MigstatError.config(path, message, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasPrefix("$.exhibits["), path)
            XCTAssertTrue(path.hasSuffix("].series[0].variable"), path)
            XCTAssertTrue(message.contains("Q99"), message)
        }
        try "{\"version\": 1, \"study\": {}}".write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try runPipeline(config: dir.appendingPathComponent("bad.json").path, out: dir.appendingPathComponent("o"))) { error in
            // The line and column of the object that lacks the key.
            XCTAssertEqual("\(error)", "\(dir.appendingPathComponent("bad.json").path):1:25: $.study: missing key \"title\"")
        }
    }

    func testAFailedRunLeavesThePreviousOutputUntouched() throws {
        let out = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(out: out)
        let before = try files(under: out)
        let raw = try copyOfRaw()
        // The reference source is strict: one bad region code fails the whole run.
        let districts = raw.appendingPathComponent("reference/tj_districts.csv")
        var text = try String(contentsOf: districts, encoding: .utf8)
        text = text.replacingOccurrences(of: ",GBAO\n", with: ",XXX\n")
        try text.write(to: districts, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try runPipeline(raw: raw.path, out: out)) { error in
            XCTAssertTrue("\(error)".contains("\"XXX\" unknown code"), "\(error)")
        }
        XCTAssertEqual(try files(under: out), before)
        // Beside the output live only its lock and the record of its inputs' hashes (see README, Running from cron).
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0 != "output.lock" && $0 != "output.state.json" }
        XCTAssertEqual(siblings, ["output"], "no staging directory is left behind")
    }
}
