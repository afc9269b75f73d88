import Clean
import Exhibits
import MigstatCore
@testable import Registry
import TestSupport
import XCTest

/// A compiled series owns its filters' and indicators' ByteSets through raw buffers, where ARC does not see
/// them: dropping the series must release every one (they free their memory in deinit), else each scan leaks.
final class ScanSeriesReleaseTests: XCTestCase {
    func testDroppingASeriesReleasesEveryByteSetItHolds() throws {
        let random = try RandomExhibits(seed: 1, rows: 50, exhibits: 40)
        let plans = try ExhibitPlan.compile(random.exhibits, over: random.table, referenceKeys: random.referenceKeys)
        let names = random.table.columns.map(\.name)
        final class Weak { weak var set: ByteSet?; init(_ s: ByteSet) { set = s } }
        var held: [Weak] = []
        var withFilters = 0, withIndicators = 0
        do {
            var series: [ScanSeries] = []
            for e in plans {
                for s in e.series { series.append(ScanSeries(exhibit: e, series: s, columnIndex: { names.firstIndex(of: $0) ?? 0 })) }
            }
            for s in series {
                held.append(Weak(s.core.variableNoAnswer))
                for f in s.core.filters { held.append(Weak(f.filter.texts)) }
                for ind in s.core.indicators {
                    held.append(Weak(ind.accepted.texts))
                    for c in ind.columns { held.append(Weak(c.noAnswer)) }
                }
                if !s.core.filters.isEmpty { withFilters += 1 }
                if !s.core.indicators.isEmpty { withIndicators += 1 }
            }
        }
        XCTAssertGreaterThan(withFilters, 0, "some series filter")
        XCTAssertGreaterThan(withIndicators, 0, "some series count indicators")
        XCTAssertEqual(held.filter { $0.set != nil }.count, 0, "of \(held.count) sets, none outlives its series")
    }
}
