import Foundation
import MigstatCore

/// Fixtures/generated/data.csv (made by make_data.R): a stratified sample of PSUs with weights and a few 0/1 and
/// text columns, read straight into a SampleDesign, so that the design core is checked against R without the
/// pipeline around it.
struct GeneratedSample {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/generated")

    var columns: [String: [String]] = [:]
    var count: Int { columns["id"]?.count ?? 0 }

    /// The rows whose stratum passes `keep`, in file order.
    init(keep: (String) -> Bool = { _ in true }) throws {
        let lines = try String(contentsOf: Self.folder.appendingPathComponent("data.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let stratum = header.firstIndex(of: "stratum")!
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard keep(fields[stratum]) else { continue }
            for (i, name) in header.enumerated() { columns[name, default: []].append(fields[i]) }
        }
    }

    func flags(_ column: String, _ accept: (String) -> Bool) -> [Bool] { columns[column]!.map(accept) }

    /// svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE), or an unweighted simple random sample.
    func design(stratified: Bool = true) -> SampleDesign {
        guard stratified else { return .simple(rows: count) }
        var strata: [String] = [], psuIndex: [String: Int32] = [:], psuStratum: [Int32] = [], psuCount: [Int] = []
        var psu: [Int32] = []
        for (s, p) in zip(columns["stratum"]!, columns["psu"]!) {
            var h = strata.firstIndex(of: s)
            if h == nil { strata.append(s); psuCount.append(0); h = strata.count - 1 }
            if psuIndex[p] == nil {
                psuIndex[p] = Int32(psuStratum.count); psuStratum.append(Int32(h!)); psuCount[h!] += 1
            }
            psu.append(psuIndex[p]!)
        }
        return SampleDesign(kind: .designed, weights: columns["weight"]!.map { Double($0)! }, psu: psu, psuStratum: psuStratum,
                            strata: strata, psuCount: psuCount, fpcFactor: Array(repeating: 1, count: strata.count))
    }

    /// R's fixture CSV: rows of fields after the header.
    static func expected(_ name: String) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}

/// Compares with R: within 1e-8 relative or 1e-12 absolute, and keeps the largest absolute difference.
struct RComparison {
    private(set) var worstAbsolute = 0.0
    mutating func check(_ a: Double?, _ b: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let r = Double(b) else { return a == nil }
        guard let a else { return false }
        worstAbsolute = max(worstAbsolute, abs(a - r))
        return abs(a - r) <= 1e-12 || abs(a - r) <= 1e-8 * abs(r)
    }
}
