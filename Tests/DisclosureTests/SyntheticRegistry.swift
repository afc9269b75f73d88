import Foundation
import MigstatCore
import TestSupport

/// A small registry of records (person, host region, month, origin, permit, status), summarized into the
/// estimates of pipeline.json's four registry exhibits exactly as the pipeline counts them, with their configs.
struct SyntheticRegistry {
    struct Record { var person: Int; var region: Int; var month: Int; var origin: Int; var permit: Bool; var registered: Bool }
    var records: [Record] = []
    var regions: Int
    var months: Int

    /// `persons` persons, most with one record, some with two or three (a second region now and then).
    init(persons: Int, regions: Int, months: Int, random: inout SplitMix64) {
        self.regions = regions; self.months = months
        for p in 0..<persons {
            let home = random.next(4) == 0 ? random.next(regions) : random.next(max(1, regions / 3))   // a few large regions
            for k in 0..<(1 + (random.next(5) == 0 ? 1 + random.next(2) : 0)) {
                let region = k > 0 && random.next(3) == 0 ? random.next(regions) : home
                records.append(Record(person: p, region: region, month: random.next(months), origin: random.next(3),
                                      permit: random.next(3) != 0, registered: random.next(4) != 0))
            }
        }
    }

    init(records: [Record], regions: Int, months: Int) {
        self.records = records; self.regions = regions; self.months = months
    }

    static func region(_ r: Int) -> String { "R\(r)" }
    static func month(_ m: Int) -> String { "M\(m)" }

    var estimates: [Estimate] {
        func e(_ exhibit: String, _ series: String, _ category: String, _ n: Int, _ base: Int) -> Estimate {
            var x = Estimate(exhibit: exhibit, series: series, category: category, label: category, n: n, baseN: base,
                             weighted: Double(n), baseWeighted: Double(base), percent: base > 0 ? 100 * Double(n) / Double(base) : nil,
                             ciLow: nil, ciHigh: nil, interval: .census)
            x.seriesLabel = series
            return x
        }
        var out: [Estimate] = []
        for m in 0..<months {
            let inMonth = records.filter { $0.month == m }
            guard !inMonth.isEmpty else { continue }
            for r in 0..<regions where records.contains(where: { $0.region == r }) {
                out.append(e("registry_registrations", Self.month(m), Self.region(r), inMonth.filter { $0.region == r }.count, inMonth.count))
            }
        }
        let all = Set(records.map(\.person))
        for o in 0..<3 {
            out.append(e("registry_persons_by_origin", "all", "O\(o)", Set(records.filter { $0.origin == o }.map(\.person)).count, all.count))
        }
        for r in 0..<regions {
            let here = records.filter { $0.region == r }
            guard !here.isEmpty else { continue }
            out.append(e("registry_permit_by_host_region", Self.region(r), "patent_or_work_permit",
                         Set(here.filter(\.permit).map(\.person)).count, Set(here.map(\.person)).count))
        }
        out.append(e("registry_registered", "all", "registered", Set(records.filter(\.registered).map(\.person)).count, all.count))
        return out
    }

    /// The four registry exhibits of pipeline.json (their series, units and layouts).
    static let exhibits: [ExhibitConfig] = {
        let json = """
        [{"id": "registry_registrations", "number": "Registry table 1", "kind": "table", "title": "t", "from": "registry.records", "source_note": "",
          "series": [{"id": "month", "variable": "host_region", "split_by": {"column": "registration_date", "period": "month"}}],
          "layout": {"rows": "categories", "values": ["n"], "decimals": 0}},
         {"id": "registry_persons_by_origin", "number": "Registry figure 1", "kind": "figure", "title": "t", "from": "registry.records", "source_note": "",
          "series": [{"id": "all", "variable": "origin_region", "unit": "person_id"}],
          "layout": {"rows": "categories", "values": ["percent"], "decimals": 1}},
         {"id": "registry_permit_by_host_region", "number": "Registry table 2", "kind": "table", "title": "t", "from": "registry.records", "source_note": "",
          "series": [{"id": "host_region", "split_by": {"column": "host_region"}, "unit": "person_id",
                      "indicators": [{"category": "patent_or_work_permit", "variable": "permit", "equals": ["patent", "work_permit"]}]}],
          "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}},
         {"id": "registry_registered", "number": "Registry table 3", "kind": "table", "title": "t", "from": "registry.records", "source_note": "",
          "series": [{"id": "all", "unit": "person_id", "indicators": [{"category": "registered", "variable": "status", "equals": "registered"}]}],
          "layout": {"rows": "series", "values": ["n", "percent"], "decimals": 1}}]
        """
        return try! JSONDecoder().decode([ExhibitConfig].self, from: Data(json.utf8))
    }()
}
