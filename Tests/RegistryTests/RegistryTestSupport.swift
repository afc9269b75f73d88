import Foundation
import Generate
import MigstatCore
import XCTest

/// Removes each test's scratch study (generated deliveries reach tens of MB).
class RegistryTestCase: XCTestCase {
    override func tearDown() {
        try? FileManager.default.removeItem(at: RegistryStudy.scratchRoot)
        super.tearDown()
    }
}

/// A small study with a registry source: reference tables, a three-row survey, registry deliveries, and the
/// registry exhibits, in a scratch directory of its own.
struct RegistryStudy {
    let root: URL
    var raw: URL { root.appendingPathComponent("raw") }
    var output: URL { root.appendingPathComponent("output") }
    var config: URL { root.appendingPathComponent("pipeline.json") }

    static let header = RegistryGenerator.columns.joined(separator: ",")
    static let scratchRoot = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("migstat-registry-\(getpid())")

    init(name: String = #function, numericIds: Bool = false) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = RegistryStudy.scratchRoot.appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        let fm = FileManager.default
        try fm.createDirectory(at: raw.appendingPathComponent("registry"), withIntermediateDirectories: true)
        try fm.createDirectory(at: raw.appendingPathComponent("mini"), withIntermediateDirectories: true)
        try RegistryStudy.writeReferenceTables(raw: raw)
        try write("raw/mini/answers.csv", "id,answer\n1,yes\n2,no\n3,yes\n")
        try write("pipeline.json", RegistryStudy.pipeline(numericIds: numericIds))
    }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String { try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) }

    /// A generated delivery in raw/registry/.
    @discardableResult
    func generate(_ name: String, rows: Int, seed: UInt64, firstId: Int = 1, persons: Int = 5_000, numericIds: Bool = false,
                  personPrefix: String? = nil) throws -> RegistryGenerator.Summary {
        let options = RegistryGenerator.Options(rows: rows, seed: seed, firstRecordId: firstId, persons: persons,
                                                recordPrefix: numericIds ? "" : "R", personPrefix: personPrefix ?? (numericIds ? "" : "P"))
        return try RegistryGenerator(options).write(to: raw.appendingPathComponent("registry/\(name)").path, replacing: true)
    }

    /// Every output file and its bytes.
    func outputFiles() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: output.path)!
        while let f = e.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: output.appendingPathComponent(f).path, isDirectory: &isDir)
            if !isDir.boolValue { out[f] = try Data(contentsOf: output.appendingPathComponent(f)) }
        }
        return out
    }

    /// The reference tables of a registry test study (countries, Russian regions) in raw/reference/.
    static func writeReferenceTables(raw: URL) throws {
        let folder = raw.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(("code,name_en,name_ru\n" + RussianRegions.all.map { "\($0.code),\($0.nameEn),\($0.nameEn)" }.joined(separator: "\n") + "\n").utf8)
            .write(to: folder.appendingPathComponent("ru_regions.csv"))
        try Data("iso3,name_en\nTJK,Tajikistan\nUZB,Uzbekistan\n".utf8).write(to: folder.appendingPathComponent("countries.csv"))
    }

    /// The source declaring them, for pipeline.json.
    static let referenceSource = """
        {"id": "reference", "title": "Reference tables", "mode": "strict", "format": {"encoding": "utf-8", "delimiter": ","},
         "tables": [
           {"id": "countries", "file": "reference/countries.csv", "grain": "one row per country", "key": ["iso3"],
            "columns": [{"name": "iso3", "type": "text"}, {"name": "name_en", "type": "text"}]},
           {"id": "ru_regions", "file": "reference/ru_regions.csv", "grain": "one row per region", "key": ["code"],
            "columns": [{"name": "code", "type": "text"}, {"name": "name_en", "type": "text"}, {"name": "name_ru", "type": "text"}]}]}
        """

    static func pipeline(numericIds: Bool) -> String {
        let idType = numericIds ? "integer" : "text"
        return """
        {
          "version": 1,
          "study": {"title": "Registry test study", "published_values": "published.csv"},
          "sources": [
            \(referenceSource),
            {"id": "mini", "title": "A three-row survey", "mode": "strict", "format": {"encoding": "utf-8", "delimiter": ","},
             "tables": [{"id": "answers", "file": "mini/answers.csv", "grain": "one row per respondent", "key": ["id"],
               "columns": [{"name": "id", "type": "integer"}, {"name": "answer", "type": "code", "codes": [{"code": "yes", "name": "yes"}, {"code": "no", "name": "no"}]}]}]},
            {"id": "registry", "title": "Registry", "mode": "lenient", "format": {"encoding": "utf-8", "delimiter": ","},
             "tables": [{"id": "records", "deliveries": "registry/registry_*.csv", "upsert": {"key": "record_id", "version": "updated_at"},
               "grain": "one row per record", "key": ["record_id"],
               "columns": [
                 {"name": "record_id", "type": "\(idType)"}, {"name": "person_id", "type": "\(idType)"},
                 {"name": "citizenship", "type": "text", "references": "reference.countries.iso3"},
                 {"name": "sex", "type": "code", "codes": [{"code": "M", "name": "male"}, {"code": "F", "name": "female"}]},
                 {"name": "birth_date", "type": "date"},
                 {"name": "origin_region", "type": "code", "codes": [{"code": "DUS", "name": "DUS"}, {"code": "SUG", "name": "SUG"}, {"code": "KHT", "name": "KHT"}, {"code": "GBAO", "name": "GBAO"}, {"code": "RRP", "name": "RRP"}]},
                 {"name": "host_region", "type": "text", "references": "reference.ru_regions.code"},
                 {"name": "entry_date", "type": "date"}, {"name": "registration_date", "type": "date"},
                 {"name": "purpose", "type": "code", "codes": [{"code": "work", "name": "work"}, {"code": "private", "name": "private"}, {"code": "study", "name": "study"}, {"code": "tourism", "name": "tourism"}]},
                 {"name": "permit", "type": "code", "codes": [{"code": "patent", "name": "patent"}, {"code": "work_permit", "name": "work_permit"}, {"code": "none", "name": "none"}]},
                 {"name": "employer_name", "type": "text", "required": false},
                 {"name": "status", "type": "code", "codes": [{"code": "registered", "name": "registered"}, {"code": "expired", "name": "expired"}, {"code": "deregistered", "name": "deregistered"}]},
                 {"name": "updated_at", "type": "timestamp"}]}]}
          ],
          "exhibits": [
            {"id": "mini_answers", "number": "Table M", "kind": "table", "title": "Answers", "from": "mini.answers", "source_note": "Mini.",
             "series": [{"id": "all", "variable": "answer"}], "layout": {"rows": "categories", "values": ["n", "percent"], "decimals": 1}},
            {"id": "registrations", "number": "Registry table 1", "kind": "table", "title": "Registrations by host region and month",
             "from": "registry.records", "source_note": "Registry.",
             "series": [{"id": "month", "variable": "host_region", "split_by": {"column": "registration_date", "period": "month"}, "labels_from": "reference.ru_regions.name_en"}],
             "layout": {"rows": "categories", "values": ["n"], "decimals": 0}},
            {"id": "persons_by_origin", "number": "Registry figure 1", "kind": "figure", "title": "Persons by region of origin",
             "from": "registry.records", "source_note": "Registry.",
             "series": [{"id": "all", "variable": "origin_region", "unit": "person_id"}], "layout": {"rows": "categories", "values": ["percent"], "decimals": 1}},
            {"id": "permit_by_host", "number": "Registry table 2", "kind": "table", "title": "Persons with a patent or work permit, by host region",
             "from": "registry.records", "source_note": "Registry.",
             "series": [{"id": "host", "split_by": {"column": "host_region"}, "unit": "person_id",
               "indicators": [{"category": "permit", "variable": "permit", "equals": ["patent", "work_permit"]}]}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "registered", "number": "Registry table 3", "kind": "table", "title": "Persons registered",
             "from": "registry.records", "source_note": "Registry.",
             "series": [{"id": "all", "unit": "person_id", "indicators": [{"category": "registered", "variable": "status", "equals": "registered"}]}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}}
          ]
        }
        """
    }
}

/// The `migstat` executable `swift test` built beside the test bundle.
enum MigstatBinary {
    static var path: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("migstat").path
    }

    /// Runs it in `directory`; standard output and error go through files so that neither can block it.
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("no migstat binary at \(path)")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = directory.appendingPathComponent(".stdout"), err = directory.appendingPathComponent(".stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
