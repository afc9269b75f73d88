import MigstatCore

/// Builds the joined tables pipeline.json declares, in order: each adds columns to a copy of its `from`.
public enum Joiner {
    /// - Returns: `tables` plus one table per join, under the join's id.
    public static func run(_ joins: [JoinConfig], tables: [String: DataTable]) throws -> [String: DataTable] {
        var all = tables
        for join in joins {
            guard let from = all[join.from] else { throw MigstatError.config(path: "joins.\(join.id).from", message: "no table \"\(join.from)\"") }
            var out: DataTable
            if let lookup = join.lookup {
                guard let target = all[lookup.table] else { throw MigstatError.config(path: "joins.\(join.id).lookup.table", message: "no table \"\(lookup.table)\"") }
                out = try self.lookup(from, target, lookup)
            } else if let count = join.count {
                guard let target = all[count.table] else { throw MigstatError.config(path: "joins.\(join.id).count.table", message: "no table \"\(count.table)\"") }
                out = try self.count(from, target, count)
            } else {
                throw MigstatError.config(path: "joins.\(join.id)", message: "expected \"lookup\" or \"count\"")
            }
            out.name = join.id
            all[join.id] = out
        }
        return all
    }

    /// Adds columns of `target` found through a key. Rows keep their order, so `from`'s sample design still holds.
    static func lookup(_ from: DataTable, _ target: DataTable, _ spec: LookupConfig) throws -> DataTable {
        let pairs = spec.on.sorted { $0.key < $1.key }
        let left = pairs.map { from.index(of: $0.key)! }
        let right = pairs.map { target.index(of: $0.value)! }
        let added = spec.add.map { target.index(of: $0)! }
        var index: [[String]: Int] = [:]
        for (r, row) in target.rows.enumerated() where index[right.map { row[$0].key }] == nil {
            index[right.map { row[$0].key }] = r
        }
        var out = from
        out.columns += spec.add
        for a in spec.add { out.meta[a] = target.meta[a] }
        out.rows = from.rows.map { row in
            guard let r = index[left.map { row[$0].key }] else { return row + Array(repeating: .null, count: added.count) }
            return row + added.map { target.rows[r][$0] }
        }
        return out
    }

    /// Adds the number of `target` rows that share the key and pass the filter. A row whose filtered column holds
    /// a "no answer" code is not counted; a unit whose every such row is "no answer" gets no count (null), so it
    /// leaves every base built on the count rather than counting as none.
    static func count(_ from: DataTable, _ target: DataTable, _ spec: CountConfig) throws -> DataTable {
        let pairs = spec.on.sorted { $0.key < $1.key }
        let left = pairs.map { from.index(of: $0.key)! }
        let right = pairs.map { target.index(of: $0.value)! }
        let filter = try RowFilter(spec.where, table: target)
        let unanswered = (spec.where ?? [:]).keys.sorted().compactMap { c -> (Int, Set<String>)? in
            guard let i = target.index(of: c), let codes = target.meta[c]?.noAnswer, !codes.isEmpty else { return nil }
            return (i, Set(codes))
        }
        var counts: [[String]: Int64] = [:]
        var answered: Set<[String]> = []
        var silent: Set<[String]> = []
        for row in target.rows {
            let key = right.map { row[$0].key }
            if unanswered.contains(where: { $0.1.contains(row[$0.0].key) }) { silent.insert(key); continue }
            answered.insert(key)
            if filter.matches(row) { counts[key, default: 0] += 1 }
        }
        var out = from
        out.columns.append(spec.as)
        out.meta[spec.as] = ColumnConfig(name: spec.as, type: .integer)
        out.rows = from.rows.map { row in
            let key = left.map { row[$0].key }
            if silent.contains(key) && !answered.contains(key) { return row + [.null] }
            return row + [.integer(counts[key] ?? 0)]
        }
        return out
    }
}
