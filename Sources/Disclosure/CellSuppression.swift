import MigstatCore

/// Primary and secondary (complementary) cell suppression for a run's linked census tables.
///
/// Primary: every printed count from 1 to threshold − 1, and every percentage beside a withheld count or base.
/// Secondary: sensitive counts are taken one at a time in the model's fixed order; each is audited (its
/// integer feasibility interval) and, where that interval is narrower than the protection interval (see
/// `DisclosureAudit.covers`), the program of
/// Kelly, Golden and Assad (1992) that τ-ARGUS's network and optimal methods build on chooses the
/// complementary cells: the cheapest table that agrees with everything still printed except the cells it moves
/// and that puts the count at the top of its protection interval (threshold − 1, or its least value +
/// threshold − 2); the printed cells it
/// moves (and the percentages it breaks) are withheld. That table then stays feasible for the intruder, so the
/// count is protected; withholding more only widens other intervals, so earlier counts stay protected. Cost of
/// moving a cell by one: 1 + its value / (the sum of printed counts + 1) — the fewest cells, the smallest of
/// them on a tie (docs/confidentiality.md).
public enum CellSuppression {
    public static func protect(_ model: CountModel) throws -> Suppression {
        var s = Suppression()
        for i in model.counts.indices where model.counts[i].role == .printed && model.isSensitive(i) { s.counts.insert(i) }
        s.withholdShares(of: model)
        var program = model.intruderProgram(s)   // rebuilt only when more is withheld
        for i in model.counts.indices where model.isSensitive(i) {
            for _ in 0..<4 {
                let (lo, hi) = try DisclosureAudit.interval(of: i, in: program)
                if DisclosureAudit.covers(lo, hi, threshold: model.threshold) { break }
                let before = s
                // Its least value cannot go lower (withheld counts are at least 1): the interval grows upwards.
                try complement(i, reaching: max(Double(model.threshold - 1), lo + Double(model.threshold - 2)), model, &s)
                s.withholdShares(of: model)
                program = model.intruderProgram(s)
                if s == before { throw DisclosureError.unprotectable("\(model.counts[i].label) (\(model.counts[i].value), narrowed to \(lo)–\(hi))") }
            }
        }
        return s
    }

    /// Withholds the printed counts and percentages that the cheapest table with count `i` at `target` moves.
    static func complement(_ i: Int, reaching target: Double, _ model: CountModel, _ s: inout Suppression) throws {
        let n = model.counts.count
        let ceiling = model.ceiling
        let total = Double(model.counts.filter { $0.role == .printed }.reduce(0) { $0 + $1.value }) + 1
        var columns = model.counts.indices.map { j -> (lower: Double, upper: Double) in
            let c = model.counts[j]
            if c.role == .derived { return (0, ceiling) }
            return c.value == 0 ? (0, 0) : (1, ceiling)   // zero is printed, never moved
        }
        columns[i] = target < Double(model.counts[i].value) ? (columns[i].lower, target) : (target, ceiling)
        var rows = model.constraints.map(CountModel.row)
        var cost: [(column: Int, coefficient: Double)] = []
        // y_j − up_j + down_j = v_j for every printed, nonzero count still printed: moving it costs.
        var movers: [(count: Int, up: Int, down: Int)] = []
        for j in 0..<n where model.counts[j].role == .printed && model.counts[j].value > 0 && !s.counts.contains(j) && j != i {
            let up = columns.count, down = up + 1
            columns += [(0, ceiling), (0, ceiling)]
            rows.append(LinearRow(terms: [(j, 1), (up, -1), (down, 1)], lower: Double(model.counts[j].value), upper: Double(model.counts[j].value)))
            let w = 1 + Double(model.counts[j].value) / total
            cost += [(up, w), (down, w)]
            movers.append((j, up, down))
        }
        // A printed percentage may be broken by slack (in hundredths of a count), at the cost of a cell.
        var breakers: [(share: Int, columns: [Int])] = []
        for (k, share) in model.shares.enumerated() where !s.shares.contains(k) {
            let pair = CountModel.rows(share)
            let over = columns.count, under = over + 1
            columns += [(0, ceiling * 100), (0, ceiling * 100)]
            rows.append(LinearRow(terms: pair[0].terms + [(over, -1)], lower: nil, upper: 0))
            rows.append(LinearRow(terms: pair[1].terms + [(under, 1)], lower: 0, upper: nil))
            cost += [(over, 0.01), (under, 0.01)]
            breakers.append((k, [over, under]))
        }
        guard let best = try IntegerProgram(columns: columns, rows: rows).optimum(cost, maximize: false) else {
            throw DisclosureError.unprotectable(model.counts[i].label)
        }
        for m in movers where best.columns[m.up] + best.columns[m.down] > 0.5 { s.counts.insert(m.count) }
        for b in breakers where b.columns.contains(where: { best.columns[$0] > 1e-6 }) { s.shares.insert(b.share) }
    }
}
