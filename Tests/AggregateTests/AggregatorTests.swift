import XCTest
@testable import Aggregate
import Join
import MigstatCore

/// Frequencies, multiple response, bins and indicators on small hand-made tables.
final class AggregatorTests: XCTestCase {
    let codes = ColumnConfig(name: "q", type: .code, codes: [CodeConfig(code: "1", name: "yes"), CodeConfig(code: "2", name: "no")], noAnswer: ["9"])

    func respondents(_ answers: [String], weights: [Double]? = nil, group: [String]? = nil) -> DataTable {
        var t = DataTable(name: "s.r", columns: ["id", "q", "w", "g"], meta: ["q": codes, "w": ColumnConfig(name: "w", type: .decimal)])
        if let weights {
            t.design = SampleDesign(kind: .designed, weights: weights, psu: weights.indices.map { Int32($0) },
                                    psuStratum: Array(repeating: 0, count: weights.count), strata: [""], psuCount: [weights.count], fpcFactor: [1])
        }
        t.key = ["id"]
        for (i, a) in answers.enumerated() {
            t.rows.append([.integer(Int64(i + 1)), .text(a), .real(weights?[i] ?? 1), .text(group?[i] ?? "x")])
            t.lines.append(i + 2)
        }
        return t
    }

    func exhibit(_ series: [SeriesConfig], from: String = "s.r") throws -> ExhibitConfig {
        let json = """
        {"id":"e","number":"Table 1","kind":"table","title":"t","from":"\(from)","source_note":"n","series":[],"layout":{}}
        """
        var e = try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
        e.series = series
        return e
    }

    func series(_ id: String, variable: String? = nil, where filter: [String: FilterValue]? = nil) throws -> SeriesConfig {
        var s = try JSONDecoder().decode(SeriesConfig.self, from: Data("{\"id\":\"\(id)\"}".utf8))
        s.variable = variable
        s.where = filter
        return s
    }

    func testNoAnswerLeavesTheBaseAndCountsFollowTheData() throws {
        let t = respondents(["1", "1", "2", "9", "1"])
        let est = try Aggregator(tables: ["s.r": t]).estimates(for: exhibit([series("all", variable: "q")]))
        XCTAssertEqual(est.map(\.category), ["yes", "no"])
        XCTAssertEqual(est.map(\.n), [3, 1])
        XCTAssertEqual(est.map(\.baseN), [4, 4])
        XCTAssertEqual(est[0].percent!, 75, accuracy: 1e-12)
        XCTAssertEqual(est[0].weighted, 3)
    }

    func testWeightsChangeThePercentButNotTheCounts() throws {
        let t = respondents(["1", "2", "2"], weights: [3, 1, 1])
        let est = try Aggregator(tables: ["s.r": t]).estimates(for: exhibit([series("all", variable: "q")]))
        XCTAssertEqual(est[0].n, 1)
        XCTAssertEqual(est[0].percent!, 60, accuracy: 1e-12)
        XCTAssertEqual(est[0].baseWeighted, 5)
        XCTAssertEqual(est[0].interval, .logit)
    }

    func testSeriesFilterSelectsTheGroup() throws {
        let t = respondents(["1", "2", "1", "1"], group: ["a", "a", "b", "b"])
        let est = try Aggregator(tables: ["s.r": t]).estimates(for: exhibit([series("a", variable: "q", where: ["g": FilterValue(["a"])])]))
        XCTAssertEqual(est.map(\.n), [1, 1])
        XCTAssertEqual(est[0].baseN, 2)
    }

    func testMultipleResponseBaseIsDistinctRespondentsWithAnAnswer() throws {
        let t = respondents(["1", "1", "1", "1"])
        var long = DataTable(name: "s.a", columns: ["rid", "kind", "src"], meta: ["kind": ColumnConfig(name: "kind", type: .code,
            codes: [CodeConfig(code: "a", name: "a"), CodeConfig(code: "b", name: "b"), CodeConfig(code: "c", name: "c")])])
        long.parentColumns = ["rid"]
        // respondent 1: a,b (informal); 2: a (informal); 3: b (formal); 4: nothing
        long.rows = [[.integer(1), .text("a"), .text("i")], [.integer(1), .text("b"), .text("i")],
                     [.integer(2), .text("a"), .text("i")], [.integer(3), .text("b"), .text("f")]]
        var s = try series("informal")
        s.answers = try JSONDecoder().decode(AnswersConfig.self, from: Data(#"{"table":"s.a","variable":"kind","where":{"src":"i"}}"#.utf8))
        let est = try Aggregator(tables: ["s.r": t, "s.a": long]).estimates(for: exhibit([s]))
        XCTAssertEqual(est.map(\.n), [2, 1, 0])
        XCTAssertEqual(est.map(\.baseN), [2, 2, 2])
        XCTAssertEqual(est.compactMap(\.percent).reduce(0, +), 150, accuracy: 1e-9, "a multiple-response column may sum past 100")
    }

    func testBinsDefineTheUniverseAndIndicatorsHaveTheirOwnBase() throws {
        var t = DataTable(name: "s.h", columns: ["id", "k", "flag"], meta: ["flag": ColumnConfig(name: "flag", type: .code,
            codes: [CodeConfig(code: "0", name: "no"), CodeConfig(code: "1", name: "yes")], noAnswer: ["9"])])
        t.key = ["id"]
        t.rows = [[.integer(1), .integer(0), .text("1")], [.integer(2), .integer(1), .text("0")], [.integer(3), .integer(2), .text("9")],
                  [.integer(4), .integer(5), .text("1")], [.integer(5), .integer(1), .text("1")]]
        var s = try series("all", variable: "k")
        s.bins = try JSONDecoder().decode([BinConfig].self, from: Data(#"[{"name":"one","min":1,"max":1},{"name":"two","min":2,"max":2},{"name":"three_plus","min":3}]"#.utf8))
        var ind = try series("flags")
        ind.indicators = [IndicatorConfig(category: "flag", label: nil, variable: "flag", equals: FilterValue(["1"]))]
        let est = try Aggregator(tables: ["s.h": t]).estimates(for: exhibit([s, ind], from: "s.h"))
        XCTAssertEqual(est.prefix(3).map(\.n), [2, 1, 1])
        XCTAssertEqual(est[0].baseN, 4, "the household with 0 is outside every bin")
        XCTAssertEqual(est[3].n, 3)
        XCTAssertEqual(est[3].baseN, 4, "the no-answer code leaves the indicator's base")
    }
}
