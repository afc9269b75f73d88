import MigstatCore

/// Gives a cleaned table its sample design: from its own declaration, from its parent's through the parent key
/// (members are clustered in their household's PSU, in its stratum, with its weight), or none (a simple
/// random sample, unweighted).
enum DesignBuilder {
    static func design(of data: DataTable, table: TableConfig, source: SourceConfig, parent: DataTable?, displayPath: String) throws -> SampleDesign? {
        if let declared = table.design {
            if declared.census { return .simple(rows: data.rows.count, kind: .census) }
            return try build(declared, data: data, source: source, displayPath: displayPath)
        }
        guard let parent, let parentDesign = parent.design, let p = table.parent else { return nil }
        let parentKey = parent.key.map { parent.index(of: $0)! }
        var rowOfKey: [[String]: Int] = [:]
        for (r, row) in parent.rows.enumerated() { rowOfKey[parentKey.map { row[$0].key }] = r }
        let childKey = p.columns.map { data.index(of: $0)! }
        // Orphans were quarantined, so every child row finds its parent.
        return parentDesign.mapped(to: data.rows.map { row in rowOfKey[childKey.map { row[$0].key }]! })
    }

    private static func build(_ d: DesignConfig, data: DataTable, source: SourceConfig, displayPath: String) throws -> SampleDesign {
        let index = { (name: String) in data.index(of: name)! }
        let w = d.weight.map(index), s = d.strata.map(index), u = d.psu.map(index), f = d.fpc.map(index)
        var strata: [String] = [], stratumOf: [String: Int32] = [:]
        var psuStratum: [Int32] = [], psuOf: [[String]: Int32] = [:], firstLine: [Int] = []
        var weights: [Double] = [], psu: [Int32] = []
        var fpcValue: [Int32: (value: Double, line: Int)] = [:]
        weights.reserveCapacity(data.rows.count); psu.reserveCapacity(data.rows.count)
        for (r, row) in data.rows.enumerated() {
            let line = r < data.lines.count ? data.lines[r] : r + 2
            let name = s.map { row[$0].key }.joined(separator: "/")
            let h: Int32
            if let known = stratumOf[name] { h = known } else {
                h = Int32(strata.count); stratumOf[name] = h; strata.append(name)
            }
            // Nested: the same PSU label in two strata is two PSUs (R's nest = TRUE).
            let label = [name, u.map { row[$0].key } ?? "#\(r)"]
            let j: Int32
            if let known = psuOf[label] { j = known } else {
                j = Int32(psuStratum.count); psuOf[label] = j; psuStratum.append(h); firstLine.append(line)
            }
            weights.append(w.flatMap { row[$0].number } ?? 1)
            psu.append(j)
            if let f {
                let v = row[f].number ?? .nan
                if let seen = fpcValue[h], seen.value != v {
                    throw MigstatError.data(Location(source: source.id, file: displayPath, line: line, column: d.fpc), value: row[f].key,
                                            message: "the fpc of stratum \(name) is \(formatNumber(seen.value)) on line \(seen.line); it must be the same for the whole stratum")
                }
                fpcValue[h] = (v, line)
            }
        }
        var count = Array(repeating: 0, count: strata.count)
        for h in psuStratum { count[Int(h)] += 1 }
        for (h, n) in count.enumerated() where n == 1 && d.lonelyPSU == .fail {
            let j = psuStratum.firstIndex(of: Int32(h))!
            throw MigstatError.data(Location(source: source.id, file: displayPath, line: firstLine[j], column: d.psu ?? d.strata.first),
                                    value: strata[h],
                                    message: "stratum \"\(strata[h])\" has a single PSU in the whole sample: its variance cannot be estimated (R: survey.lonely.psu = \"fail\"; the design's \"lonely_psu\" may choose adjust, average, remove or certainty)")
        }
        let fpcFactor = try count.enumerated().map { h, n -> Double in
            guard let (v, line) = fpcValue[Int32(h)] else { return 1 }
            // As R reads fpc: at most 1 a sampling fraction, above 1 the stratum's number of PSUs.
            let fraction = v <= 1 ? v : Double(n) / v
            guard fraction >= 0, fraction <= 1, v.isFinite else {
                throw MigstatError.data(Location(source: source.id, file: displayPath, line: line, column: d.fpc), value: formatNumber(v),
                                        message: "stratum \"\(strata[h])\" has \(n) sampled PSUs: the fpc must be a fraction in 0...1 or a population of at least \(n) PSUs")
            }
            return 1 - fraction
        }
        var design = SampleDesign(kind: .designed, weights: weights, psu: psu, psuStratum: psuStratum, strata: strata, psuCount: count, fpcFactor: fpcFactor)
        design.lonelyPSU = d.lonelyPSU
        design.calibration = d.calibration   // applied once the totals' table is loaded (Aggregate's Calibrator)
        return design
    }
}
