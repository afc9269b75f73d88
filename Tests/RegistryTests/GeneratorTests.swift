import Foundation
@testable import Generate
import Ingest
import XCTest

/// `migstat generate registry`: the same options give the same bytes, and the file follows the contract.
final class GeneratorTests: RegistryTestCase {
    func testSameOptionsSameBytesAndTheContractsFormat() throws {
        let study = try RegistryStudy()
        let summary = try study.generate("registry_a.csv", rows: 20_000, seed: 7)
        try study.generate("registry_b.csv", rows: 20_000, seed: 7)
        try study.generate("registry_c.csv", rows: 20_000, seed: 8)
        let a = try Data(contentsOf: study.raw.appendingPathComponent("registry/registry_a.csv"))
        XCTAssertEqual(a, try Data(contentsOf: study.raw.appendingPathComponent("registry/registry_b.csv")))
        XCTAssertNotEqual(a, try Data(contentsOf: study.raw.appendingPathComponent("registry/registry_c.csv")))
        XCTAssertEqual(summary.bytes, a.count)
        XCTAssertEqual(summary.rows, summary.newRecords + summary.repeats)

        // It reads back with the strict reader: one record per row, quoted commas, doubled quotes, Cyrillic, line breaks.
        var records = 0, commas = 0, quotes = 0, cyrillic = 0, breaks = 0, ids = Set<String>()
        try CSVReader(path: study.raw.appendingPathComponent("registry/registry_a.csv").path, options: CSVOptions(), lenient: true).forEachRecord { r in
            records += 1
            guard r.line > 1, r.defect == nil, r.fields.count == 14 else { return }
            let employer = r.fields[11] ?? ""
            if employer.contains(",") { commas += 1 }
            if employer.contains("\"") { quotes += 1 }
            if employer.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) }) { cyrillic += 1 }
            if employer.contains("\n") { breaks += 1 }
            ids.insert(r.fields[0] ?? "")
        }
        XCTAssertEqual(records, 20_001)
        XCTAssertGreaterThan(commas, 100)
        XCTAssertGreaterThan(quotes, 100)
        XCTAssertGreaterThan(cyrillic, 1000)
        XCTAssertGreaterThan(ids.count, 15_000)
        XCTAssertLessThan(ids.count, 20_000, "a share of records repeats an earlier one")
        _ = breaks   // rare (1 in 5 000 employers): asserted on a larger file in testRareLineBreaks
    }

    /// `--shuffle` writes the same records with their ids permuted: the same set of ids (each new record keeps a
    /// distinct id within the delivery's range), no longer ascending.
    func testShuffledIdsAreAPermutationOfTheAscendingOnes() throws {
        var options = RegistryGenerator.Options(rows: 10_000, seed: 3, firstRecordId: 501)
        options.shuffle = true
        let shuffled = RegistryGenerator(options)
        let images = (501..<10_501).map { shuffled.shuffled($0) }
        XCTAssertEqual(images.sorted(), Array(501..<10_501))
        let ascending = zip(images, images.dropFirst()).filter { $0 < $1 }.count
        XCTAssertGreaterThan(ascending, 4_000); XCTAssertLessThan(ascending, 6_000, "about half the steps go up in a random order")
    }

    /// `--unpadded-ids` writes what the benchmark's sed made of `--numeric-ids` (each line's leading zeros of its
    /// record id removed), byte for byte: the same records, ids `1`, `2`, … not ascending as text.
    func testUnpaddedIdsAreTheNumericOnesWithoutTheirZeros() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unpadded-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = RegistryGenerator.Options(rows: 30_000, seed: 5, recordPrefix: "", personPrefix: "")
        try RegistryGenerator(options).write(to: directory.appendingPathComponent("padded_20140101.csv").path)
        options.unpaddedRecordIds = true
        try RegistryGenerator(options).write(to: directory.appendingPathComponent("unpadded_20140101.csv").path)
        let padded = try String(contentsOf: directory.appendingPathComponent("padded_20140101.csv"), encoding: .utf8)
        let unpadded = try String(contentsOf: directory.appendingPathComponent("unpadded_20140101.csv"), encoding: .utf8)
        let stripped = padded.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let zeros = line.prefix { $0 == "0" }.count
            let rest = line.dropFirst(zeros)
            // As `sed -E 's/^0+([1-9][0-9]*),/\1,/'`: zeros, then a number that starts with 1-9, then a comma.
            guard zeros > 0, let comma = rest.firstIndex(of: ","), rest.first.map({ "123456789".contains($0) }) == true,
                  rest[..<comma].allSatisfy(\.isNumber) else { return String(line) }
            return String(rest)
        }.joined(separator: "\n")
        XCTAssertEqual(unpadded, stripped)
        XCTAssertTrue(unpadded.contains("\n10,"))
        XCTAssertNotEqual(unpadded, padded)
    }

    func testRareLineBreaksAndARepeatedRecordKeepsItsPerson() throws {
        let study = try RegistryStudy()
        try study.generate("registry_a.csv", rows: 50_000, seed: 3)
        var byRecord: [String: String] = [:], breaks = 0, conflicts = 0
        try CSVReader(path: study.raw.appendingPathComponent("registry/registry_a.csv").path, options: CSVOptions(), lenient: true).forEachRecord { r in
            guard r.line > 1, r.defect == nil, r.fields.count == 14, let id = r.fields[0], let person = r.fields[1] else { return }
            if (r.fields[11] ?? "").contains("\n") { breaks += 1 }
            if let known = byRecord[id], known != person { conflicts += 1 }
            byRecord[id] = person
        }
        XCTAssertGreaterThan(breaks, 0, "some employer names hold a line break")
        XCTAssertEqual(conflicts, 0, "a repeated record keeps its person")
    }
}

/// Record ids are written in eight digits (a delivery of 20 M rows fits), person ids in seven: options whose ids
/// would not fit are refused, never wrapped round.
final class GeneratorIdWidthTests: RegistryTestCase {
    func testIdsThatDoNotFitTheirWidthAreRefused() throws {
        let study = try RegistryStudy()
        let file = study.raw.appendingPathComponent("registry/registry_a.csv")
        XCTAssertThrowsError(try study.generate("registry_a.csv", rows: 6, seed: 1, firstId: 99_999_998)) {
            XCTAssertTrue("\($0)".contains("record ids from 99999998 for 6 rows run past 99999999: they do not fit in 8 digits"), "\($0)")
        }
        XCTAssertThrowsError(try study.generate("registry_a.csv", rows: 6, seed: 1, persons: 10_000_000)) {
            XCTAssertTrue("\($0)".contains("person ids up to 10000000 run past 9999999: they do not fit in 7 digits"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path), "nothing written")
        // The last ids that fit are written as they are.
        try study.generate("registry_a.csv", rows: 2, seed: 1, firstId: 99_999_998, persons: 9_999_999)
        XCTAssertTrue(try study.read("raw/registry/registry_a.csv").contains("R99999999,"))
        // Ids past the old seven digits (a 20 M-row delivery) are written whole and stay distinct.
        try study.generate("registry_a.csv", rows: 3, seed: 1, firstId: 9_999_999)
        let ids = try study.read("raw/registry/registry_a.csv").split(separator: "\n").dropFirst().map { $0.prefix(9) }
        XCTAssertEqual(ids, ["R09999999", "R10000000", "R10000001"])
    }

    func testTheCommandRefusesThemWithAUsageError() throws {
        let study = try RegistryStudy()
        let r = try MigstatBinary.run(["generate", "registry", "--first-id", "99999998", "--rows", "6", "--out", "wrapped.csv"], in: study.root)
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("do not fit in 8 digits"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: study.root.appendingPathComponent("wrapped.csv").path))
    }
}
