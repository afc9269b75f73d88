import Clean
import Foundation
import Ingest
import MigstatCore
import XCTest

/// Bounded, deterministic fuzzing of ingest and clean. Random valid CSV must read back exactly, with the right
/// physical lines, whatever the chunk size; random mutations of the fixture files must never crash, never throw
/// anything but a MigstatError, and always account for every record. MIGSTAT_FUZZ_ITERATIONS=N runs longer.
final class FuzzTests: XCTestCase {
    static let iterations = Int(ProcessInfo.processInfo.environment["MIGSTAT_FUZZ_ITERATIONS"] ?? "") ?? 300

    // MARK: - Valid CSV reads back as written

    /// A field that a serializer must quote when it holds a delimiter, quote or line end.
    private static let pieces = ["a", "Б", "42", " ", "\t", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "ё", "€", "x y", "🙂", "\\"]

    func testRandomValidCSVReadsBackExactlyWithItsLines() throws {
        var rng = SplitMix64(seed: 42)
        let dir = Studies.scratch()
        for i in 0..<Self.iterations {
            let cp1251 = Bool.random(using: &rng)
            let delimiter: UInt8 = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].randomElement(using: &rng)!
            let columns = Int.random(in: 1...5, using: &rng)
            var records: [[String?]] = []
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                records.append((0..<columns).map { _ in
                    // An empty unquoted field alone on its line would be a blank line, which is no record.
                    if Int.random(in: 0..<6, using: &rng) == 0 { return Bool.random(using: &rng) && columns > 1 ? nil : "" }
                    return (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                        var p = Self.pieces.randomElement(using: &rng)!
                        if cp1251 && p == "🙂" { p = "ю" }
                        return p
                    }.joined()
                })
            }
            var bytes: [UInt8] = cp1251 || !Bool.random(using: &rng) ? [] : [0xEF, 0xBB, 0xBF]
            var starts: [Int] = []
            for (r, record) in records.enumerated() {
                if r > 0 {
                    bytes += ["\n", "\r\n", "\r"].randomElement(using: &rng)!.utf8
                    if Int.random(in: 0..<5, using: &rng) == 0 { bytes += "\n".utf8 }   // a blank line (or the LF of a CRLF)
                }
                starts.append(bytes.count)
                let fields = record.map { f -> String in
                    guard let f else { return "" }
                    let special = f.isEmpty || f.utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
                    return special || Bool.random(using: &rng) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
                }
                let line = fields.joined(separator: String(UnicodeScalar(delimiter)))
                bytes += cp1251 ? Array(line.data(using: .windowsCP1251)!) : Array(line.utf8)
            }
            if Bool.random(using: &rng) { bytes += "\r\n".utf8 }

            let path = dir.appendingPathComponent("valid.csv").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reader = CSVReader(path: path, options: CSVOptions(delimiter: delimiter, encoding: cp1251 ? .windows1251 : .utf8))
            if Bool.random(using: &rng) { reader.chunkSize = Int.random(in: 1...64, using: &rng) }
            let read = try reader.readAll()
            XCTAssertEqual(read.map(\.fields), records, "case \(i)")
            XCTAssertEqual(read.map(\.line), starts.map { Self.lineNumber(at: $0, in: bytes) }, "case \(i): lines")
            if read.map(\.fields) != records { break }
        }
    }

    /// The physical line (1-based) of a byte offset: LF, CRLF and a lone CR each end a line. Independent of the reader.
    static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1, i = 0
        while i < offset {
            if bytes[i] == 0x0A { line += 1 }
            else if bytes[i] == 0x0D { line += 1; if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 } }
            i += 1
        }
        return line
    }

    // MARK: - Mutated fixture files never crash and always account for every record

    private struct Seed {
        var study: String
        var file: String
        var bytes: [UInt8]
    }

    private var seeds: [Seed] {
        var out: [Seed] = []
        for study in Studies.names {
            let raw = Studies.fixtures.appendingPathComponent("\(study)/raw")
            for file in ["ref/regions.csv", "survey/codebook.csv", "survey/households.csv", "survey/members.csv"] {
                if let data = FileManager.default.contents(atPath: raw.appendingPathComponent(file).path) {
                    out.append(Seed(study: study, file: file, bytes: Array(data)))
                }
            }
        }
        return out
    }

    private static let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x0D, 0x0A, 0x00, 0xFF, 0x98, 0xC3, 0xEF, 0x20, 0x09, 0x39]

    static func mutate(_ input: [UInt8], with other: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !b.isEmpty: b[at] = interesting.randomElement(using: &rng)!
            case 1: b.insert(interesting.randomElement(using: &rng)!, at: at)
            case 2 where !b.isEmpty: b[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            case 3 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...40, using: &rng)))
            case 4 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...80, using: &rng))
                b.insert(contentsOf: b[at..<end], at: Int.random(in: 0...b.count, using: &rng))
            case 5 where !other.isEmpty:
                let from = Int.random(in: 0..<other.count, using: &rng)
                b.insert(contentsOf: other[from..<min(other.count, from + Int.random(in: 1...120, using: &rng))], at: at)
            case 6: b.removeSubrange(min(b.count, at + Int.random(in: 0...20, using: &rng))...)
            default: break
            }
        }
        return b
    }

    func testMutatedFixturesNeverCrashAndEveryRecordIsAccounted() throws {
        let seeds = self.seeds
        XCTAssertGreaterThanOrEqual(seeds.count, 8)
        var rng = SplitMix64(seed: 7)
        var studies: [String: URL] = [:]
        for name in Studies.names { studies[name] = try Studies.copy(name) }
        var outcomes: [String: Int] = [:]
        for i in 0..<Self.iterations {
            let seed = seeds.randomElement(using: &rng)!
            let mutated = Self.mutate(seed.bytes, with: seeds.randomElement(using: &rng)!.bytes, &rng)
            let dir = studies[seed.study]!
            let target = dir.appendingPathComponent("raw/\(seed.file)")
            try Data(mutated).write(to: target)
            defer { try? Data(seed.bytes).write(to: target) }
            let config = try ConfigLoader.load(path: dir.appendingPathComponent("pipeline.json").path)
            let source = config.sources.first { s in s.tables.contains { $0.file == seed.file } || s.codebook?.file == seed.file }!

            try checkReader(target.path, format: source.format, chunkSize: Int.random(in: 1...300, using: &rng), case: i)
            for mode in [SourceMode.lenient, .strict] {
                var strictened = config
                strictened.sources = config.sources.map { var s = $0; s.mode = mode; return s }
                do {
                    let cleaned = try SourceCleaner(config: strictened, rawDirectory: dir.appendingPathComponent("raw").path).run()
                    for account in cleaned.files {
                        XCTAssertEqual(account.read, account.loaded + account.quarantined, "case \(i): \(account.file)")
                        XCTAssertEqual(cleaned.quarantine.filter { $0.file == account.file }.count, account.quarantined, "case \(i)")
                    }
                    for (name, table) in cleaned.tables { XCTAssertEqual(table.rows.count, table.lines.count, "case \(i): \(name)") }
                    outcomes["\(mode.rawValue) ok", default: 0] += 1
                } catch is MigstatError {
                    outcomes["\(mode.rawValue) error", default: 0] += 1
                } catch {
                    XCTFail("case \(i): \(seed.file): not a MigstatError: \(error)")
                }
            }
        }
        print("FuzzTests: \(Self.iterations) mutated files: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        XCTAssertGreaterThan(outcomes["lenient ok", default: 0], Self.iterations / 10, "mutations must not all be fatal")
    }

    /// A lenient and a strict read of the same bytes agree, the lenient one's records are in order, and reading
    /// in small chunks changes nothing.
    private func checkReader(_ path: String, format: FormatConfig, chunkSize: Int, case i: Int) throws {
        let lines = Self.lineNumber(at: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0,
                                    in: Array(FileManager.default.contents(atPath: path) ?? Data()))
        var lenient: [CSVRecord] = []
        let lenientError: Error?
        do {
            let stats = try CSVReader(path: path, displayPath: "f.csv", options: CSVOptions(format), lenient: true).forEachRecord { lenient.append($0) }
            XCTAssertEqual(stats.records, lenient.count, "case \(i)")
            lenientError = nil
        } catch let e as MigstatError {
            lenientError = e
        }
        let chunked = CSVReader(path: path, displayPath: "f.csv", options: CSVOptions(format), lenient: true)
        chunked.chunkSize = chunkSize
        do {
            let records = try chunked.readAll()
            XCTAssertEqual(records, lenient, "case \(i): chunks of \(chunkSize) bytes")
        } catch {
            XCTAssertEqual("\(error)", lenientError.map { "\($0)" }, "case \(i): chunks of \(chunkSize) bytes")
        }
        var previous = 0
        for r in lenient {
            XCTAssertGreaterThan(r.line, previous, "case \(i): lines increase")
            XCTAssertGreaterThanOrEqual(r.lastLine, r.line, "case \(i)")
            XCTAssertLessThanOrEqual(r.lastLine, lines, "case \(i): within the file")
            XCTAssertTrue(r.defect != nil || r.fields.count == lenient[0].fields.count, "case \(i): a good record has the header's width")
            previous = r.lastLine
        }
        do {
            let strict = try CSVReader(path: path, displayPath: "f.csv", options: CSVOptions(format)).readAll()
            XCTAssertNil(lenientError, "case \(i)")
            XCTAssertEqual(strict, lenient, "case \(i): a strict read that succeeds equals the lenient one")
            XCTAssertFalse(lenient.contains { $0.defect != nil }, "case \(i)")
        } catch let e as MigstatError {
            // The strict read stops at the first record the lenient one marks (or at the same fatal error).
            if let first = lenient.first(where: { $0.defect != nil }) {
                XCTAssertTrue("\(e)".hasPrefix("f.csv:\(first.line):"), "case \(i): \(e) vs line \(first.line)")
            } else if let lenientError {
                XCTAssertEqual("\(e)", "\(lenientError)", "case \(i)")
            } else {
                XCTFail("case \(i): strict failed (\(e)) where lenient found nothing")
            }
        }
    }
}
