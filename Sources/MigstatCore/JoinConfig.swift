/// A join builds a new table from an existing one: `lookup` adds columns of a reference or parent table
/// through a key, `count` adds the number of matching child rows (e.g. migrants per household).
public struct JoinConfig: Decodable, Sendable {
    public var id: String
    /// "source.table" or the id of an earlier join.
    public var from: String
    public var grain: String
    public var lookup: LookupConfig?
    public var count: CountConfig?
    enum CodingKeys: String, CodingKey, CaseIterable { case id, from, grain, lookup, count }
}

public struct LookupConfig: Decodable, Sendable {
    /// "source.table" looked up.
    public var table: String
    /// Column of `from` → key column of `table`.
    public var on: [String: String]
    /// Columns of `table` to add.
    public var add: [String]
    enum CodingKeys: String, CodingKey, CaseIterable { case table, on, add }
}

public struct CountConfig: Decodable, Sendable {
    /// "source.table" whose rows are counted.
    public var table: String
    /// Column of `from` → column of `table`.
    public var on: [String: String]
    public var `where`: [String: FilterValue]?
    /// Name of the new integer column.
    public var `as`: String
    enum CodingKeys: String, CodingKey, CaseIterable { case table, on, `where`, `as` }
}

/// A filter's right-hand side: one value, any of several, or a numeric range `{"min": 1, "max": 3}`.
public struct FilterValue: Decodable, Sendable, Equatable {
    public var values: [String]
    public var min: Double?
    public var max: Double?
    public var isRange: Bool { min != nil || max != nil }

    public init(_ values: [String]) { self.values = values }
    public init(min: Double?, max: Double? = nil) { values = []; self.min = min; self.max = max }

    enum RangeKeys: String, CodingKey, CaseIterable { case min, max }
    public init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: RangeKeys.self) {
            values = []
            min = try c.decodeIfPresent(Double.self, forKey: .min)
            max = try c.decodeIfPresent(Double.self, forKey: .max)
            if min == nil && max == nil {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected \"min\" and/or \"max\""))
            }
            return
        }
        let c = try decoder.singleValueContainer()
        if let one = try? c.decode(String.self) { values = [one] }
        else if let many = try? c.decode([String].self) { values = many }
        else {
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                debugDescription: "expected a string, an array of strings, or {\"min\": x, \"max\": y}"))
        }
    }

    /// Whether a cell satisfies this filter: equal text, or a number inside the range.
    public func accepts(_ value: Value) -> Bool {
        if isRange {
            guard let x = value.number else { return false }
            return x >= (min ?? -.infinity) && x <= (max ?? .infinity)
        }
        return values.contains(value.key)
    }
}
