@testable import Disclosure
import MigstatCore
import TestSupport
import XCTest

final class CellSuppressionTests: XCTestCase {
    /// Protects a registry's estimates and audits them; fails on any count the audit can narrow.
    func controlled(_ registry: SyntheticRegistry, file: StaticString = #filePath, line: UInt = #line) throws -> (tables: PublishedTables, suppression: Suppression) {
        let tables = PublishedTables(exhibits: SyntheticRegistry.exhibits, estimates: registry.estimates, threshold: 5)
        let suppression = try CellSuppression.protect(tables.model)
        let audited = try DisclosureAudit.audit(tables.model, suppression)
        XCTAssertEqual(audited.filter { !$0.isProtected }.map(\.label), [], file: file, line: line)
        return (tables, suppression)
    }

    /// Primary rule: every printed count from 1 to 4 is withheld, no zero ever is, and a percentage goes with
    /// its count and its base.
    func testEveryCountFromOneToFourIsWithheldAndNoZero() throws {
        var random = SplitMix64(seed: 7)
        let (tables, s) = try controlled(SyntheticRegistry(persons: 60, regions: 5, months: 4, random: &random))
        let model = tables.model
        for (i, c) in model.counts.enumerated() where c.role == .printed {
            if model.isSensitive(i) { XCTAssertTrue(s.counts.contains(i), c.label) }
            if c.value == 0 { XCTAssertFalse(s.counts.contains(i), c.label) }
        }
        for (k, share) in model.shares.enumerated() where s.counts.contains(share.count) || s.counts.contains(share.base) {
            XCTAssertTrue(s.shares.contains(k))
        }
        XCTAssertGreaterThan(s.counts.filter { !model.isSensitive($0) }.count, 0, "some secondary suppression was needed")
    }

    /// Issue 20's Irkutsk: 42.9 % of 7 printed beside a hidden count gives 3 back; the audit says so.
    func testAuditFindsACountRecoveredFromItsPercentageAndBase() throws {
        var model = CountModel(threshold: 5)
        model.counts = [.init(value: 3, role: .printed, label: "holders"), .init(value: 7, role: .printed, label: "base"),
                        .init(value: 4, role: .derived, label: "not holders")]
        model.constraints = [.init(terms: [(0, 1), (2, 1), (1, -1)], relation: .equal, rhs: 0)]
        model.shares = [.init(count: 0, base: 1, percent: 300.0 / 7, decimals: 1)]
        var withheldCountOnly = Suppression()
        withheldCountOnly.counts = [0]
        let audited = try DisclosureAudit.audit(model, withheldCountOnly)
        XCTAssertEqual(audited.map(\.isProtected), [false, false])
        XCTAssertEqual(audited.first?.low, 3)
        XCTAssertEqual(audited.first?.high, 3)
        // Protected by withholding the percentage too: the base minus 1 to 6 holders leaves 0 to 6 without.
        let s = try CellSuppression.protect(model)
        XCTAssertTrue(try DisclosureAudit.audit(model, s).allSatisfy(\.isProtected))
        XCTAssertEqual(s.shares, [0])
        XCTAssertEqual(s.counts, [0])
    }

    /// A column's base minus its printed cells gives a lone withheld cell back: a complement cell is withheld
    /// in the same column, and one in another row to keep the rows' links from giving it back.
    func testALoneWithheldCellInAColumnGetsAComplement() throws {
        var model = CountModel(threshold: 5)
        // Two columns of three cells, each with its base; the rows are persons by region (linked: ≤ nothing).
        let values = [[2, 9, 12], [8, 7, 10]]
        var cells: [[Int]] = []
        for (c, column) in values.enumerated() {
            cells.append(column.enumerated().map { r, v in model.counts.append(.init(value: v, role: .printed, label: "c\(c)r\(r)")); return model.counts.count - 1 })
            model.counts.append(.init(value: column.reduce(0, +), role: .printed, label: "base\(c)"))
            model.constraints.append(.init(terms: cells[c].map { ($0, 1.0) } + [(model.counts.count - 1, -1)], relation: .equal, rhs: 0))
        }
        let s = try CellSuppression.protect(model)
        XCTAssertEqual(s.counts.count, 2, "the 2 and its cheapest complement, the 9 (the fewest, smallest cells)")
        XCTAssertTrue(s.counts.contains(cells[0][0]))
        XCTAssertTrue(s.counts.contains(cells[0][1]))
        XCTAssertTrue(try DisclosureAudit.audit(model, s).allSatisfy(\.isProtected))
    }

    /// Linked tables: 3 persons in a region, each person in one region, so Registry table 2's bases add up to
    /// Registry table 3's all persons (43). With only the 3 withheld, all persons minus the other regions gives
    /// it back; suppression withholds more so that neither table does.
    func testARegionsPersonsAreNotRecoveredFromAllPersonsInAnotherTable() throws {
        let records = (0..<43).map { p in
            SyntheticRegistry.Record(person: p, region: p < 20 ? 0 : p < 40 ? 1 : 2, month: 0, origin: p % 3, permit: true, registered: p % 2 == 0)
        }
        let tables = PublishedTables(exhibits: SyntheticRegistry.exhibits, estimates: SyntheticRegistry(records: records, regions: 3, months: 1).estimates, threshold: 5)
        let model = tables.model
        var primary = Suppression()
        primary.counts = Set(model.counts.indices.filter { model.counts[$0].role == .printed && model.isSensitive($0) })
        primary.withholdShares(of: model)
        let exposed = try DisclosureAudit.audit(model, primary).filter { !$0.isProtected }
        XCTAssertTrue(exposed.contains { $0.label == "Registry table 2, R2: base" && $0.low == 3 && $0.high == 3 }, "\(exposed.map(\.label))")
        let s = try CellSuppression.protect(model)
        XCTAssertTrue(try DisclosureAudit.audit(model, s).allSatisfy(\.isProtected))
        let table2Bases = model.counts.indices.filter { model.counts[$0].label.hasPrefix("Registry table 2") && model.counts[$0].label.hasSuffix(": base") }
        XCTAssertGreaterThan(s.counts.intersection(table2Bases).count + s.counts.filter { model.counts[$0].label == "Registry figure 1, all: base" }.count, 1)
    }

    /// Property: on random registries (linked tables: records by region and month, persons by origin, persons
    /// by host region with a permit, all persons registered) suppression then audit always passes; and the audit
    /// catches under-suppression: a percentage printed again beside a withheld count and its printed base
    /// always (it gives the count back), the complementary cells taken back often.
    func testRandomRegistriesSuppressionAlwaysPassesTheAuditAndUnderSuppressionFails() throws {
        var random = SplitMix64(seed: 2026)
        var percentCases = 0, primaryOnlyCaught = 0
        for _ in 0..<25 {
            let registry = SyntheticRegistry(persons: 8 + random.next(60), regions: 2 + random.next(5), months: 1 + random.next(4), random: &random)
            let (tables, s) = try controlled(registry)
            let model = tables.model
            if let k = s.shares.sorted().first(where: { model.isSensitive(model.shares[$0].count) && !s.counts.contains(model.shares[$0].base) }) {
                var printedAgain = s
                printedAgain.shares.remove(k)
                let exposed = try DisclosureAudit.audit(model, printedAgain).filter { !$0.isProtected }.map(\.label)
                XCTAssertTrue(exposed.contains(model.counts[model.shares[k].count].label), "\(exposed)")
                percentCases += 1
            }
            var primaryOnly = s
            primaryOnly.counts = s.counts.filter(model.isSensitive)
            if try DisclosureAudit.audit(model, primaryOnly).contains(where: { !$0.isProtected }) { primaryOnlyCaught += 1 }
        }
        XCTAssertGreaterThan(percentCases, 10)
        XCTAssertGreaterThan(primaryOnlyCaught, 10)
    }

    /// Hundreds of persons over 20 regions × 24 months: most cells are from 1 to 4.
    func testManySmallCellsOverTwentyRegionsAndTwentyFourMonths() throws {
        var random = SplitMix64(seed: 20)
        let registry = SyntheticRegistry(persons: 400, regions: 20, months: 24, random: &random)
        let (tables, s) = try controlled(registry)
        let sensitive = tables.model.counts.indices.filter(tables.model.isSensitive).count
        XCTAssertGreaterThan(sensitive, 200)
        XCTAssertGreaterThanOrEqual(s.counts.count, tables.model.counts.indices.filter { tables.model.counts[$0].role == .printed && tables.model.isSensitive($0) }.count)
    }

    /// Same input, same suppression (ties broken by the model's fixed order and GLPK's deterministic simplex).
    func testSuppressionIsDeterministic() throws {
        var a = SplitMix64(seed: 99), b = SplitMix64(seed: 99)
        let first = try controlled(SyntheticRegistry(persons: 80, regions: 6, months: 5, random: &a)).suppression
        let second = try controlled(SyntheticRegistry(persons: 80, regions: 6, months: 5, random: &b)).suppression
        XCTAssertEqual(first, second)
    }

    /// The estimates the publication files print from: withheld flags set, numbers untouched.
    func testControlMarksTheEstimatesAndKeepsTheirNumbers() throws {
        var random = SplitMix64(seed: 5)
        let estimates = SyntheticRegistry(persons: 50, regions: 4, months: 3, random: &random).estimates
        let (published, verdict) = try DisclosureControl.apply(exhibits: SyntheticRegistry.exhibits, estimates: estimates)
        XCTAssertEqual(published.map(\.n), estimates.map(\.n))
        XCTAssertTrue(published.filter { $0.n >= 1 && $0.n <= 4 && $0.exhibit != "registry_persons_by_origin" }.allSatisfy { $0.withheld.contains(.n) })
        XCTAssertTrue(published.filter { $0.withheld.contains(.n) }.allSatisfy { $0.withheld.contains(.percent) || $0.exhibit == "registry_registrations" })
        XCTAssertGreaterThan(verdict.primary, 0)
        XCTAssertEqual(verdict.tables, 4, "the four registry exhibits")
        XCTAssertEqual(verdict.exposed, 0)
        XCTAssertTrue(verdict.sentence.contains("none can be narrowed"), verdict.sentence)
    }
}
