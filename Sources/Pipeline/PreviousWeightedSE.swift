import Export
import Foundation
import MigstatCore

/// The store's estimates table predates `weighted_se` (Store keeps its layout): estimates an incremental run
/// reuses from the previous store get it back from the previous output's estimates.csv, which the plan trusted
/// (its hash checked) and which printed it — so the new file is the one a full rebuild writes.
enum PreviousWeightedSE {
    static func restore(_ reused: [Estimate], outputDirectory: String) -> [Estimate] {
        guard !reused.isEmpty, reused.contains(where: { $0.weightedSE == nil }),
              let text = try? String(contentsOfFile: (outputDirectory as NSString).appendingPathComponent("estimates.csv"), encoding: .utf8) else { return reused }
        let records = CSVLines.parse(text)
        guard let header = records.first, let column = header.firstIndex(of: "weighted_se") else { return reused }
        var previous: [String: Double] = [:]
        for r in records.dropFirst() where r.count > column { previous["\(r[0])\u{0}\(r[1])\u{0}\(r[2])"] = Double(r[column]) }
        return reused.map { e in
            var e = e
            if e.weightedSE == nil { e.weightedSE = previous["\(e.exhibit)\u{0}\(e.series)\u{0}\(e.category)"] }
            return e
        }
    }
}
