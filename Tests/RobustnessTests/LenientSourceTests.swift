import Foundation
import Ingest
import Pipeline
import XCTest

/// A lenient source of the repository's study loses nothing to one bad line: a stray quote costs the line it
/// is on, not the lines it swallows, and a UTF-8 row in the windows-1251 akf file is quarantined instead of
/// aborting the run. Every row read is still loaded or quarantined.
final class LenientSourceTests: XCTestCase {
    /// What a run of the study made of each input file, and its quarantine.
    struct Outcome {
        var files: [String: (read: Int, loaded: Int, quarantined: Int)] = [:]
        var quarantine: [[String]] = []

        func quarantined(in file: String) -> [[String]] { quarantine.filter { $0[1] == file } }
    }

    /// The undamaged study's outcome, run once for all the tests.
    nonisolated(unsafe) private static var cleanOutcome: Outcome?
    private func runStudy() throws -> Outcome {
        if let known = Self.cleanOutcome { return known }
        let outcome = try runStudy { _ in }
        Self.cleanOutcome = outcome
        return outcome
    }

    /// A scratch copy of the repository's raw/, damaged by `damage`, run without verification.
    private func runStudy(name: String = #function, _ damage: (URL) throws -> Void) throws -> Outcome {
        let dir = Studies.scratch(name)
        let raw = dir.appendingPathComponent("raw")
        try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent("raw"), to: raw)
        try damage(raw)
        let out = dir.appendingPathComponent("output")
        _ = try Runner(options: RunOptions(configPath: Studies.repository.appendingPathComponent("pipeline.json").path, rawDirectory: raw.path,
                                           outputDirectory: out.path, verify: false)).run()
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as! [String: Any]
        var outcome = Outcome()
        for input in manifest["inputs"] as! [[String: Any]] {
            let counts = (read: input["rows_read"] as! Int, loaded: input["rows_loaded"] as! Int, quarantined: input["rows_quarantined"] as! Int)
            XCTAssertEqual(counts.read, counts.loaded + counts.quarantined, "\(input["file"]!): read = loaded + quarantined")
            outcome.files[input["file"] as! String] = counts
        }
        outcome.quarantine = try CSVReader(path: out.appendingPathComponent("quarantine.csv").path, options: CSVOptions()).readAll()
            .dropFirst().map { $0.fields.map { $0 ?? "" } }
        return outcome
    }

    /// The file's lines, split at LF only (a CRLF line keeps its CR; Swift takes "\r\n" for one character).
    private func lines(_ url: URL) throws -> [String] {
        try Data(contentsOf: url).split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Replaces line `n` (1 = header) of a file, keeping its line ends.
    private func edit(_ url: URL, line n: Int, _ change: (String) -> String) throws {
        var lines = try lines(url)
        lines[n - 1] = change(lines[n - 1])
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
    }

    func testAStrayQuoteInHouseholdsCostsItsOwnLineNotTheHouseholdsAfterIt() throws {
        let file = "ilo_2009_hh/households.csv", members = "ilo_2009_hh/members.csv"
        let clean = try runStudy()
        var line = 0
        let damaged = try runStudy { raw in
            let url = raw.appendingPathComponent(file)
            line = try lines(url).firstIndex { $0.hasPrefix("98,") }! + 1
            try edit(url, line: line) { $0 + "\"stray" }   // its notes, empty before, now open a quote that never closes on the line
        }
        XCTAssertEqual(damaged.files[file]!.read, clean.files[file]!.read)
        XCTAssertEqual(damaged.files[file]!.loaded, clean.files[file]!.loaded - 1, "only household 98 is lost")
        let quarantined = damaged.quarantined(in: file).filter { !clean.quarantine.contains($0) }
        XCTAssertEqual(quarantined.map { [$0[2], $0[3]] }, [[String(line), "notes"]])
        XCTAssertTrue(quarantined.first?[5].hasPrefix("unbalanced quote: a quoted field opened on this line runs on to line") ?? false)
        // The members of household 98 are orphans, and no others.
        let orphans = damaged.quarantined(in: members).filter { !clean.quarantine.contains($0) }
        XCTAssertEqual(orphans.count, 5)
        XCTAssertEqual(Set(orphans.map { $0[4] }), ["98"])
    }

    func testAStrayQuoteInARegistryDeliveryCostsItsOwnLine() throws {
        let file = "registry/registry_20140101.csv"
        let clean = try runStudy()
        let damaged = try runStudy { raw in
            // Line 2's empty employer opens a quote that runs on to line 4's quoted employer.
            try edit(raw.appendingPathComponent(file), line: 2) { $0.replacingOccurrences(of: ",none,,", with: ",none,\"stray,") }
        }
        XCTAssertEqual(damaged.files[file]!.read, clean.files[file]!.read)
        XCTAssertEqual(damaged.files[file]!.loaded, clean.files[file]!.loaded - 1)
        let quarantined = damaged.quarantined(in: file).filter { !clean.quarantine.contains($0) }
        XCTAssertEqual(quarantined.map { [$0[2], $0[3]] }, [["2", "employer_name"]])
        XCTAssertTrue(quarantined.first?[5].hasPrefix("unbalanced quote: a quoted field opened on this line runs on to line 4") ?? false)
    }

    func testAUTF8RowInTheWindows1251AkfFileIsQuarantinedNotFatal() throws {
        let file = "akf_2008/respondents.csv"
        let clean = try runStudy()
        let damaged = try runStudy { raw in
            let url = raw.appendingPathComponent(file)
            var bytes = try Data(contentsOf: url)
            bytes += Data("1501;12.11.2008;1;31;GB02;1;2;1;1;1;1;строитель;1,000\r\n".utf8)
            try bytes.write(to: url)
        }
        XCTAssertEqual(damaged.files[file]!.read, clean.files[file]!.read + 1)
        XCTAssertEqual(damaged.files[file]!.loaded, clean.files[file]!.loaded)
        let quarantined = damaged.quarantined(in: file).filter { !clean.quarantine.contains($0) }
        XCTAssertEqual(quarantined.map { [$0[2], $0[3], $0[5]] }, [[String(clean.files[file]!.read + 2), "Q18", "UTF-8 text in a windows-1251 file (\"строитель\" read as UTF-8)"]])
    }

    func testTheAkfFileConvertedWholeToUTF8IsStillRefusedAsMislabelled() throws {
        XCTAssertThrowsError(try runStudy { raw in
            let url = raw.appendingPathComponent("akf_2008/respondents.csv")
            let text = try Data(contentsOf: url).withUnsafeBytes { try TextDecoder.decode($0, as: .windows1251).get() }
            try Data(text.utf8).write(to: url)
        }) { error in
            XCTAssertTrue("\(error)".contains("raw/akf_2008/respondents.csv:2: column Q18: "), "\(error)")
            XCTAssertTrue("\(error)".contains("the file is mislabelled (500 of its 500 rows with non-ASCII text are UTF-8)"), "\(error)")
        }
    }
}
