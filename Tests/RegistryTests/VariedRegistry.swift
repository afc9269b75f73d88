import Foundation
import Generate
import MigstatCore
import TestSupport

/// A small registry written to meet every rule of the registry exhibits: three deliveries re-sending records
/// (newer and older versions), persons with rows in several regions, months and categories, no-answer codes,
/// NULLs and empty strings, a decimal column, quotes in text, and exhibits with `where` on exhibits and
/// series (values, ranges, and-ed on one column), splits by a reference, a date's month and a timestamp's
/// month, `labels_from`, and indicators over one or several variables. Person and record ids are text (some
/// longer than 8 bytes) or integers.
struct VariedRegistry {
    let root: URL
    let numericIds: Bool
    var raw: URL { root.appendingPathComponent("raw") }
    var config: URL { root.appendingPathComponent("pipeline.json") }

    /// Few regions, so that each has many persons and most persons several.
    static let regions = Array(RussianRegions.all.prefix(6))

    init(root: URL, numericIds: Bool) throws {
        self.root = root
        self.numericIds = numericIds
        try RegistryStudy.writeReferenceTables(raw: raw)
        try write("pipeline.json", pipeline)
        var random = SplitMix64(seed: numericIds ? 7 : 8)
        var sent: [Int] = []
        for (d, rows) in [900, 700, 600].enumerated() {
            var lines = [VariedRegistry.header]
            for r in 0..<rows {
                // Later deliveries send about a third of their rows again under an earlier key.
                let record = d > 0 && random.next(3) == 0 ? sent[random.next(sent.count)] : 10_000 + d * 1_000 + r
                sent.append(record)
                // Versions are mostly newer than the first delivery's, sometimes older (the stored row stays).
                // Deliveries are dated (file names) after every date their rows hold: none is after its file.
                let day = 1 + random.next(28), hour = random.next(24)
                let updated = "2014-0\(d + 1 + (random.next(5) == 0 ? -min(d, 1) : 0))-\(pad(day))T\(pad(hour)):00:00Z"
                lines.append(row(record: record, person: random.next(250), updated: updated, &random))
            }
            try write("raw/registry/records_2015010\(d + 1).csv", lines.joined(separator: "\n") + "\n")
        }
    }

    static let header = "record_id,person_id,citizenship,sex,origin_region,host_region,registration_date,education,permit,permit_renewal,children,fee,employer_name,status,updated_at"

    private func row(record: Int, person: Int, updated: String, _ random: inout SplitMix64) -> String {
        let personId: String
        switch random.next(40) {
        case 0: personId = ""                         // NULL
        case 1: personId = numericIds ? "" : "\"\""   // an empty string (text), NULL (integer)
        default: personId = numericIds ? "\(500 + person)" : (person % 3 == 0 ? "PERSON-TJ-\(person)" : "P\(person)")
        }
        func pick(_ values: [String]) -> String { values[random.next(values.count)] }
        let region = pick(VariedRegistry.regions.map(\.code) + [""])
        let month = 1 + random.next(6)
        let date = random.next(30) == 0 ? "" : "\(2013 + random.next(2))-\(pad(month))-\(pad(1 + random.next(28)))"
        let fields = [
            numericIds ? "\(record)" : "R\(record)", personId, pick(["TJK", "TJK", "TJK", "UZB"]), pick(["M", "F", "M", "F", "X", ""]),
            pick(["DUS", "SUG", "KHT", "GBAO", "RRP", "99", ""]), region, date, pick(["1", "2", "3", "4", "5", "9", ""]),
            pick(["patent", "work_permit", "none", "none", "unknown", ""]), pick(["patent", "none", "none", "unknown", ""]),
            pick(["0", "1", "2", "3", "4", ""]), pick(["2.5", "3", "3.75", "10", ""]),
            pick(["", "\"\"", "\"O'Neil Ltd\"", "\"Stroy \"\"Mir\"\"\"", "Alfa"]), pick(["registered", "expired", "deregistered"]), updated,
        ]
        return fields.joined(separator: ",")
    }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private var pipeline: String {
        let id = numericIds ? "integer" : "text"
        let permitCodes = #"[{"code": "patent", "name": "patent"}, {"code": "work_permit", "name": "work_permit"}, {"code": "none", "name": "none"}], "no_answer": ["unknown"], "required": false"#
        return """
        {
          "version": 1,
          "study": {"title": "Varied registry", "published_values": "published.csv"},
          "sources": [
            \(RegistryStudy.referenceSource),
            {"id": "registry", "title": "Registry", "mode": "lenient", "format": {"encoding": "utf-8", "delimiter": ","},
             "tables": [{"id": "records", "deliveries": "registry/records_*.csv", "upsert": {"key": "record_id", "version": "updated_at"},
               "grain": "one row per record", "key": ["record_id"],
               "columns": [
                 {"name": "record_id", "type": "\(id)"}, {"name": "person_id", "type": "\(id)", "required": false},
                 {"name": "citizenship", "type": "text", "references": "reference.countries.iso3"},
                 {"name": "sex", "type": "code", "codes": [{"code": "M", "name": "male"}, {"code": "F", "name": "female", "label": "Women"}], "no_answer": ["X"], "required": false},
                 {"name": "origin_region", "type": "code", "codes": [{"code": "DUS", "name": "DUS"}, {"code": "SUG", "name": "SUG"}, {"code": "KHT", "name": "KHT"}, {"code": "GBAO", "name": "GBAO"}, {"code": "RRP", "name": "RRP"}], "no_answer": ["99"], "required": false},
                 {"name": "host_region", "type": "text", "references": "reference.ru_regions.code", "required": false},
                 {"name": "registration_date", "type": "date", "required": false},
                 {"name": "education", "type": "code", "codes": [{"code": "1", "name": "primary"}, {"code": "2", "name": "basic"}, {"code": "3", "name": "secondary"}, {"code": "4", "name": "vocational"}, {"code": "5", "name": "higher"}], "no_answer": ["9"], "required": false},
                 {"name": "permit", "type": "code", "codes": \(permitCodes)},
                 {"name": "permit_renewal", "type": "code", "codes": \(permitCodes)},
                 {"name": "children", "type": "integer", "required": false},
                 {"name": "fee", "type": "decimal", "required": false},
                 {"name": "employer_name", "type": "text", "required": false},
                 {"name": "status", "type": "code", "codes": [{"code": "registered", "name": "registered"}, {"code": "expired", "name": "expired"}, {"code": "deregistered", "name": "deregistered"}]},
                 {"name": "updated_at", "type": "timestamp"}]}]}
          ],
          "exhibits": [
            {"id": "origin_by_month", "number": "V1", "kind": "table", "title": "Records by origin and month", "from": "registry.records", "source_note": "V.",
             "where": {"status": ["registered", "expired"]},
             "series": [{"id": "month", "variable": "origin_region", "split_by": {"column": "registration_date", "period": "month"}}],
             "layout": {"rows": "categories", "values": ["n"], "decimals": 0}},
            {"id": "persons_by_host", "number": "V2", "kind": "table", "title": "Persons by host region", "from": "registry.records", "source_note": "V.",
             "where": {"children": {"min": 1}},
             "series": [{"id": "women", "variable": "host_region", "unit": "person_id", "where": {"sex": "F"}, "labels_from": "reference.ru_regions.name_en"},
                        {"id": "educated", "variable": "host_region", "unit": "person_id", "where": {"education": {"min": 3}}},
                        {"id": "cheap", "variable": "citizenship", "unit": "person_id", "where": {"fee": {"max": 3}}}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "permits_by_host", "number": "V3", "kind": "table", "title": "Persons by host region", "from": "registry.records", "source_note": "V.",
             "series": [{"id": "host", "split_by": {"column": "host_region"}, "unit": "person_id", "labels_from": "reference.ru_regions.name_en",
               "indicators": [{"category": "any_permit", "any": ["permit", "permit_renewal"], "equals": ["patent", "work_permit"]},
                              {"category": "big_family", "variable": "children", "equals": {"min": 2}},
                              {"category": "fee_paid", "variable": "fee", "equals": ["2.5", "3", "10.0"]},
                              {"category": "unknown_permit", "variable": "permit", "equals": "unknown"}]}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "employer_rows", "number": "V4", "kind": "table", "title": "Records of some employers", "from": "registry.records", "source_note": "V.",
             "where": {"employer_name": ["O'Neil Ltd", "Stroy \\"Mir\\"", ""]},
             "series": [{"id": "all", "indicators": [{"category": "registered", "variable": "status", "equals": "registered"},
                                                     {"category": "any_permit", "any": ["permit", "permit_renewal"], "equals": ["patent", "work_permit"]}]}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "sex_by_update_month", "number": "V5", "kind": "table", "title": "Persons by sex and month updated", "from": "registry.records", "source_note": "V.",
             "series": [{"id": "month", "variable": "sex", "unit": "person_id", "split_by": {"column": "updated_at", "period": "month"}}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "education_rows", "number": "V6", "kind": "table", "title": "Records by education", "from": "registry.records", "source_note": "V.",
             "where": {"origin_region": ["DUS", "SUG", "KHT"]},
             "series": [{"id": "south", "variable": "education", "where": {"origin_region": ["SUG", "KHT", "GBAO"], "children": ["1", "2", "03"]}},
                        {"id": "all", "variable": "education"}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "persons_registered", "number": "V7", "kind": "table", "title": "Persons registered", "from": "registry.records", "source_note": "V.",
             "series": [{"id": "all", "unit": "person_id", "indicators": [{"category": "registered", "variable": "status", "equals": "registered"}]}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
            {"id": "origin_by_host", "number": "V8", "kind": "table", "title": "Persons by origin, by host region", "from": "registry.records", "source_note": "V.",
             "series": [{"id": "host", "variable": "origin_region", "unit": "person_id", "split_by": {"column": "host_region"}}],
             "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}}
          ]
        }
        """
    }
}
