import Foundation
import Ingest
import MigstatCore
import Pipeline
import XCTest

/// Paths and helpers shared by the end-to-end tests.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var config: String { root.appendingPathComponent("pipeline.json").path }
    static var raw: String { root.appendingPathComponent("raw").path }
    static var output: URL { root.appendingPathComponent("output") }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A copy of raw/ that a test may alter.
func copyOfRaw() throws -> URL {
    let dir = try temporaryDirectory().appendingPathComponent("raw")
    try FileManager.default.copyItem(atPath: Repo.raw, toPath: dir.path)
    return dir
}

@discardableResult
func runPipeline(raw: String = Repo.raw, config: String = Repo.config, out: URL, verify: Bool = true) throws -> RunSummary {
    try Runner(options: RunOptions(configPath: config, rawDirectory: raw, outputDirectory: out.path, verify: verify)).run()
}

/// Reads an output CSV with the pipeline's own reader, as records of named fields.
func readCSV(_ url: URL) throws -> [[String: String]] {
    let records = try CSVReader(path: url.path, options: CSVOptions()).readAll()
    guard let header = records.first?.fields.map({ $0 ?? "" }) else { return [] }
    return records.dropFirst().map { r in
        Dictionary(uniqueKeysWithValues: zip(header, r.fields.map { $0 ?? "" }))
    }
}

/// Every file under a directory, by relative path.
func files(under dir: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = dir.standardizedFileURL.path
    guard let e = FileManager.default.enumerator(atPath: base) else { return out }
    for case let rel as String in e {
        var isDir: ObjCBool = false
        let full = base + "/" + rel
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = FileManager.default.contents(atPath: full)
        }
    }
    return out
}

/// Files whose content may change from run to run: the manifest (timings) and the SQLite file (its run log).
let runVarying: Set<String> = ["manifest.json", "migration.sqlite"]

/// Windows-1251 bytes of a string of ASCII and Russian letters, for writing test extracts.
func windows1251(_ s: String) -> [UInt8] {
    s.unicodeScalars.map { u in
        switch u.value {
        case 0..<0x80: return UInt8(u.value)
        case 0x410...0x44F: return UInt8(u.value - 0x410 + 0xC0)
        case 0x401: return 0xA8
        case 0x451: return 0xB8
        default: return UInt8(ascii: "?")
        }
    }
}
