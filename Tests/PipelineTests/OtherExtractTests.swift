import Foundation
import XCTest

/// Runs the pipeline on an akf_2008 extract with other counts and other non-response, generated here,
/// and checks every estimate follows those data: proof that nothing is tuned to the study's numbers.
final class OtherExtractTests: XCTestCase {
    struct Respondent { var q10: [Int]; var q15: Int; var q16: Int; var district: String; var weight: Double }

    func testEstimatesFollowAnotherAKFExtract() throws {
        var rng = SystemRandomNumberGenerator()
        let raw = try copyOfRaw()
        let districts = try String(contentsOf: raw.appendingPathComponent("reference/tj_districts.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let gbao = Set(districts.filter { $0[3] == "GBAO" }.map { $0[0] })
        let n = Int.random(in: 150...400, using: &rng)
        let people: [Respondent] = (0..<n).map { _ in
            Respondent(q10: (0..<3).map { _ in [1, 1, 2, 3, 9].randomElement(using: &rng)! },
                       q15: [1, 2, 3, 3, 4, 5, 8, 9].randomElement(using: &rng)!,
                       q16: [1, 2, 3, 3, 9].randomElement(using: &rng)!,
                       district: districts.randomElement(using: &rng)![0],
                       weight: Double(Int.random(in: 50...300, using: &rng)) / 100)
        }
        var text = "ID;DATE;Q1;Q2;Q3;Q10_1;Q10_2;Q10_3;Q15;Q16;Q17;Q18;WEIGHT\r\n"
        for (i, p) in people.enumerated() {
            let w = String(format: "%.2f", p.weight).replacingOccurrences(of: ".", with: ",")
            text += "\(i + 1);05.03.2009;1;30;\(p.district);\(p.q10[0]);\(p.q10[1]);\(p.q10[2]);\(p.q15);\(p.q16);1;\"грузчик; склад\";\(w)\r\n"
        }
        try Data(windows1251(text)).write(to: raw.appendingPathComponent("akf_2008/respondents.csv"))
        let out = try temporaryDirectory().appendingPathComponent("output")
        try runPipeline(raw: raw.path, out: out, verify: false)
        let estimates = try readCSV(out.appendingPathComponent("estimates.csv"))
        func row(_ e: String, _ s: String, _ c: String) -> [String: String] {
            estimates.first { $0["exhibit"] == e && $0["series"] == s && $0["category"] == c }!
        }
        func check(_ e: String, _ s: String, _ c: String, units: [Respondent], value: (Respondent) -> Int, code: Int, noAnswer: Set<Int>) {
            let base = units.filter { !noAnswer.contains(value($0)) }
            let hits = base.filter { value($0) == code }
            let r = row(e, s, c)
            XCTAssertEqual(Int(r["n"]!), hits.count, "\(e) \(s) \(c)")
            XCTAssertEqual(Int(r["base_n"]!), base.count, "\(e) \(s) \(c)")
            let expected = base.isEmpty ? 0 : 100 * hits.map(\.weight).reduce(0, +) / base.map(\.weight).reduce(0, +)
            XCTAssertEqual(Double(r["percent"]!) ?? -1, expected, accuracy: 1e-6, "\(e) \(s) \(c)")
        }
        for (k, series) in ["work", "documents", "store"].enumerated() {
            for (code, c) in [(1, "enough"), (2, "not_enough"), (3, "not_at_all")] {
                check("table_1_1", series, c, units: people, value: { $0.q10[k] }, code: code, noAnswer: [9])
            }
        }
        for (code, c) in [(1, "valid"), (2, "expired"), (3, "forged"), (4, "lost"), (5, "never"), (8, "dont_know")] {
            check("table_4_2", "all", c, units: people, value: { $0.q15 }, code: code, noAnswer: [9])
        }
        for (code, c) in [(1, "yes"), (2, "forged"), (3, "no")] {
            check("figure_4_13", "GBAO", c, units: people.filter { gbao.contains($0.district) }, value: { $0.q16 }, code: code, noAnswer: [9])
        }
        let svg = try String(contentsOf: out.appendingPathComponent("figures/figure_4_13.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))
    }
}
