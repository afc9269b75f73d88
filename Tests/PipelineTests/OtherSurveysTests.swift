import Foundation
import XCTest

/// Another delivery of every survey, generated here with random counts: multiple-response bases, weights carried
/// from households to members, groups, bins and free-text destinations must all follow these data.
final class OtherSurveysTests: XCTestCase {
    var rng = SystemRandomNumberGenerator()
    var raw: URL!
    var estimates: [[String: String]] = []

    func write(_ relative: String, _ text: String, bom: Bool = false) throws {
        try Data((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)).write(to: raw.appendingPathComponent(relative))
    }

    func estimate(_ exhibit: String, _ series: String, _ category: String) -> (n: Int, base: Int, percent: Double)? {
        guard let r = estimates.first(where: { $0["exhibit"] == exhibit && $0["series"] == series && $0["category"] == category }) else { return nil }
        return (Int(r["n"]!)!, Int(r["base_n"]!)!, Double(r["percent"]!) ?? .nan)
    }

    func assertEstimate(_ exhibit: String, _ series: String, _ category: String, n: Int, base: Int, percent: Double,
                        file: StaticString = #filePath, line: UInt = #line) {
        guard let e = estimate(exhibit, series, category) else { return XCTFail("no estimate \(exhibit) \(series) \(category)", file: file, line: line) }
        XCTAssertEqual(e.n, n, "\(exhibit) \(series) \(category) n", file: file, line: line)
        XCTAssertEqual(e.base, base, "\(exhibit) \(series) \(category) base_n", file: file, line: line)
        XCTAssertEqual(e.percent, percent, accuracy: 1e-6, "\(exhibit) \(series) \(category) percent", file: file, line: line)
    }

    func testEstimatesFollowOtherDeliveriesOfEverySurvey() throws {
        raw = try copyOfRaw()
        let reasons = ["unaware", "no_knowhow", "employer_refused", "landlord_refused", "no_valid_card", "no_agency_found"]
        // cmr_2009: some respondents give no reason (outside the base), some several.
        let people = Int.random(in: 80...200, using: &rng)
        var given: [Int: Set<String>] = [:]
        var resp = "resp_id,wave,sex,age,host_city\n", long = "resp_id,reason\n"
        for id in 1...people {
            resp += "\(id),1,M,30,Moscow\n"
            let mine = Set(reasons.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 })
            given[id] = mine
            for r in reasons where mine.contains(r) { long += "\(id),\(r)\n" }
        }
        try write("cmr_2009/respondents.csv", resp, bom: true)
        try write("cmr_2009/reasons.csv", long, bom: true)

        // ilo_2009_hh: households with weights, members abroad with occupations.
        let censusCells = [("DUS", "urban"), ("SUG", "urban"), ("SUG", "rural"), ("KHT", "urban"), ("KHT", "rural"),
                           ("GBAO", "urban"), ("GBAO", "rural"), ("RRP", "urban"), ("RRP", "rural")]
        let occupations = ["laborer", "construction", "sales_admin", "craft", "driver", "other"]
        var hh = "hh_id,region_code,settlement,psu,weight,remit_2008,notes\n", members = "hh_id,line_no,sex,age,abroad,country,occupation\n"
        var households: [(w: Double, migrants: Int, remit: Int)] = []
        var migrantsAbroad: [(w: Double, occupation: String)] = []
        for id in 1...Int.random(in: 100...250, using: &rng) {
            let w = Double(Int.random(in: 50...900, using: &rng)) / 10
            let remit = [1, 1, 2, 9].randomElement(using: &rng)!
            let abroad = [0, 0, 1, 1, 2, 3, 4].randomElement(using: &rng)!
            // Every census cell has households: the design rakes to official.households_2010 by region and settlement.
            let (region, settlement) = censusCells[id % censusCells.count]
            let psu = (id % censusCells.count) * 10 + id % 7 + 1
            hh += "\(id),\(region),\(settlement),\(psu),\(w),\(remit),\"a note, with \"\"quotes\"\"\"\n"
            for line in 1...(abroad + 2) {
                if line <= abroad {
                    let o = occupations.randomElement(using: &rng)!
                    migrantsAbroad.append((w, o))
                    members += "\(id),\(line),M,30,1,RUS,\(o)\n"
                } else {
                    members += "\(id),\(line),F,40,0,,\n"
                }
            }
            households.append((w, abroad, remit))
        }
        try write("ilo_2009_hh/households.csv", hh)
        try write("ilo_2009_hh/members.csv", members)

        // adb_2007: free-text destinations in several spellings.
        let spellings = [("  россия", "RUS"), ("Moscow ", "RUS"), ("KAZAKHSTAN", "KAZ"), ("Алматы", "KAZ"), ("china", "CHN")]
        var adb = "id,destination\n"
        var countries: [String: Int] = [:]
        let travellers = Int.random(in: 50...120, using: &rng)
        for id in 1...travellers {
            let (s, code) = spellings.randomElement(using: &rng)!
            countries[code, default: 0] += 1
            adb += "\(id),\(s)\n"
        }
        try write("adb_2007/migrants.csv", adb)

        let out = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(raw: raw.path, out: out, verify: false)
        estimates = try readCSV(out.appendingPathComponent("estimates.csv"))

        let base = given.values.filter { !$0.isEmpty }.count
        for r in reasons {
            let n = given.values.filter { $0.contains(r) }.count
            assertEstimate("table_4_3", "all", r, n: n, base: base, percent: 100 * Double(n) / Double(base))
        }
        let migrantHouseholds = households.filter { $0.migrants > 0 }
        let sumW = migrantHouseholds.map(\.w).reduce(0, +)
        for (name, range) in [("one", 1...1), ("two", 2...2), ("three_plus", 3...99)] {
            let hit = migrantHouseholds.filter { range.contains($0.migrants) }
            assertEstimate("figure_4_5", "all", name, n: hit.count, base: migrantHouseholds.count, percent: 100 * hit.map(\.w).reduce(0, +) / sumW)
        }
        let answered = migrantHouseholds.filter { $0.remit != 9 }
        for (name, code) in [("received", 1), ("not_received", 2)] {
            let hit = answered.filter { $0.remit == code }
            assertEstimate("figure_4_7", "all", name, n: hit.count, base: answered.count,
                           percent: 100 * hit.map(\.w).reduce(0, +) / answered.map(\.w).reduce(0, +))
        }
        let migrantW = migrantsAbroad.map(\.w).reduce(0, +)
        for o in occupations {
            let hit = migrantsAbroad.filter { $0.occupation == o }
            assertEstimate("figure_4_4", "all", o, n: hit.count, base: migrantsAbroad.count, percent: 100 * hit.map(\.w).reduce(0, +) / migrantW)
        }
        let listed = estimates.filter { $0["exhibit"] == "figure_4_3" }.map { $0["category"]! }
        // Ties keep the order of the reference table (raw/reference/countries.csv: RUS, KAZ, CHN).
        let declared = ["RUS", "KAZ", "CHN"]
        XCTAssertEqual(listed, countries.sorted { ($0.value, declared.firstIndex(of: $1.key)!) > ($1.value, declared.firstIndex(of: $0.key)!) }.map(\.key),
                       "only countries that occur, most frequent first")
        for (code, n) in countries {
            assertEstimate("figure_4_3", "all", code, n: n, base: travellers, percent: 100 * Double(n) / Double(travellers))
        }
    }

    func testWeightsMatterInEveryWeightedExhibit() throws {
        raw = try copyOfRaw()
        let out = try temporaryDirectory().appendingPathComponent("weighted")
        try runPipeline(raw: raw.path, out: out, verify: false)
        let weighted = try readCSV(out.appendingPathComponent("estimates.csv"))
        // The same delivery with every weight set to 1.
        for (file, column) in [("ilo_2009_hh/households.csv", 4), ("sharq_2007/households.csv", 3)] {
            let records = try String(contentsOf: raw.appendingPathComponent(file), encoding: .utf8)
            var lines = records.components(separatedBy: "\n")
            for i in 1..<lines.count where !lines[i].isEmpty {
                var fields = lines[i].components(separatedBy: ",")
                if fields.count > column, Double(fields[column]) != nil { fields[column] = "1"; lines[i] = fields.joined(separator: ",") }
            }
            try lines.joined(separator: "\n").write(to: raw.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let flat = try temporaryDirectory().appendingPathComponent("flat")
        try runPipeline(raw: raw.path, out: flat, verify: false)
        let unweighted = try readCSV(flat.appendingPathComponent("estimates.csv"))
        for exhibit in ["figure_4_4", "figure_4_5", "figure_4_7", "text_sharq_2007"] {
            let gaps = weighted.filter { $0["exhibit"] == exhibit }.map { w in
                abs(Double(w["percent"]!)! - Double(unweighted.first { $0["exhibit"] == exhibit && $0["series"] == w["series"] && $0["category"] == w["category"] }!["percent"]!)!)
            }
            XCTAssertGreaterThanOrEqual(gaps.max() ?? 0, 1, "\(exhibit): weighting must move at least one percentage by a point")
            let counts = weighted.filter { $0["exhibit"] == exhibit }.map { $0["n"]! }
            XCTAssertEqual(counts, unweighted.filter { $0["exhibit"] == exhibit }.map { $0["n"]! }, "n stays an unweighted count")
        }
    }

    func testUnknownDestinationSpellingIsAnErrorNamingTheValueAndItsLines() throws {
        raw = try copyOfRaw()
        try write("adb_2007/migrants.csv", "id,destination\n1,Russia\n2,Atlantis\n3,Moscow\n4, atlantis\n5,Narnia\n")
        XCTAssertThrowsError(try runPipeline(raw: raw.path, out: try temporaryDirectory().appendingPathComponent("o"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("adb_2007/migrants.csv:3: column destination"), message)
            XCTAssertTrue(message.contains("\"Atlantis\" (line 3)"), message)
            XCTAssertTrue(message.contains("\" atlantis\" (line 5)"), message)
            XCTAssertTrue(message.contains("\"Narnia\" (line 6)"), message)
        }
    }
}
