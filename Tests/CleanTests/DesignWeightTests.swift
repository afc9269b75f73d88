import Clean
import MigstatCore
import XCTest

/// A design weight is data: missing, zero or negative is a bad value (quarantined when lenient, an error when
/// strict), never taken as 1.
final class DesignWeightTests: XCTestCase {
    let header = "hh_id,region,weight,visited,note,size\n"

    func testZeroAndMissingWeightsAreQuarantinedWhenLenient() throws {
        let r = try clean(header + "1,A,0,2008-01-01,,\n2,A,,2008-01-01,,\n3,A,0.0,2008-01-01,,\n4,A,2.5,2008-01-01,,\n", surveySource(mode: .lenient))
        XCTAssertEqual(rejected(r), [
            ["2", "weight", "0", "a design weight must be a positive number"],
            ["3", "weight", "", "missing value"],
            ["4", "weight", "0.0", "a design weight must be a positive number"],
        ])
        XCTAssertEqual(r.table.lines, [5])
        XCTAssertEqual(r.read, r.loaded + r.quarantine.count)
    }

    func testAZeroWeightFailsAStrictSourceNamingItsPlace() throws {
        XCTAssertThrowsError(try clean(header + "1,A,1,2008-01-01,,\n2,A,0,2008-01-01,,\n", surveySource(mode: .strict))) { error in
            XCTAssertEqual("\(error)", "raw/survey/households.csv:3: column weight: \"0\" a design weight must be a positive number (source survey)")
        }
    }
}
