/// A cleaned cell. Dates are ISO 8601 text, codes their code as text.
public enum Value: Hashable, Sendable, Comparable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The canonical text form filters and keys compare on.
    public var key: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return formatNumber(d)
        case .text(let s): return s
        }
    }
    public var number: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }
    public var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// Shortest round-tripping decimal form, without a trailing ".0" for whole numbers.
public func formatNumber(_ d: Double) -> String {
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
}

/// A cleaned table held in memory: rows in file order, with the physical line each came from.
public struct DataTable: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[Value]]
    public var lines: [Int]
    /// The raw file the rows were read from, relative to the raw directory (a joined table keeps its `from`'s).
    public var file: String?
    /// How the rows were sampled, aligned with `rows`; nil for a reference table (and a simple random sample).
    public var design: SampleDesign?
    /// The declared column behind each name, code labels filled in from the codebook; joins carry it along.
    public var meta: [String: ColumnConfig]
    /// Columns that identify a row (a respondent, a household), if declared.
    public var key: [String] = []
    /// For a child file: the columns holding its parent's key.
    public var parentColumns: [String] = []

    public init(name: String, columns: [String], rows: [[Value]] = [], lines: [Int] = [], design: SampleDesign? = nil,
                meta: [String: ColumnConfig] = [:]) {
        self.name = name; self.columns = columns; self.rows = rows; self.lines = lines; self.design = design; self.meta = meta
    }
    /// The design of the rows as they are: declared, or an unweighted simple random sample.
    public var sampleDesign: SampleDesign { design ?? .simple(rows: rows.count) }
    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }
}
