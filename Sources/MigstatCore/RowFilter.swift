/// A compiled `where`: column → accepted values (compared on canonical text) or a numeric range.
///
/// One meaning of `where` for every engine: a series' rows are those that pass its exhibit's `where` **and** its
/// own. A column named in both must satisfy both; the series never widens or replaces its exhibit's filter (the
/// exhibit plan, `Exhibits`, lists both: it is the one reader of an exhibit's `where`).
public struct RowFilter: Sendable {
    /// One test: a column and what it accepts.
    public typealias Condition = (column: String, accepts: FilterValue)

    let tests: [(index: Int, accepts: FilterValue)]

    public init(_ filter: [String: FilterValue]?, table: DataTable) throws {
        try self.init(conditions: RowFilter.conditions(filter), table: table)
    }

    public init(conditions: [Condition], table: DataTable) throws {
        tests = try conditions.map { column, value in
            guard let i = table.index(of: column) else {
                throw MigstatError.config(path: "where.\(column)", message: "no column \"\(column)\" in \(table.name)")
            }
            return (i, value)
        }
    }

    /// A `where`'s tests in column order.
    public static func conditions(_ filter: [String: FilterValue]?) -> [Condition] {
        (filter ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public func matches(_ row: [Value]) -> Bool {
        tests.allSatisfy { $0.accepts.accepts(row[$0.index]) }
    }
}

extension FilterValue {
    /// Whether no cell can pass both this filter and `other` (an empty domain by construction). Only certain
    /// emptiness counts: values none of which is a number inside the other's range, disjoint ranges, or value
    /// lists with nothing in common.
    public func excludesEverything(with other: FilterValue) -> Bool {
        switch (isRange, other.isRange) {
        case (false, false): return Set(values).isDisjoint(with: other.values)
        case (true, true): return Swift.max(min ?? -.infinity, other.min ?? -.infinity) > Swift.min(max ?? .infinity, other.max ?? .infinity)
        case (true, false): return other.excludesEverything(with: self)
        case (false, true):
            let range = (other.min ?? -.infinity)...(other.max ?? .infinity)
            return !values.contains { Double($0).map(range.contains) ?? false }
        }
    }
}
