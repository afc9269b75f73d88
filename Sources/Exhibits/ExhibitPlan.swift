import MigstatCore

/// An exhibit compiled against the schema of the tables it reads: what every engine evaluates (the survey
/// aggregator in memory, SQL in a database, the byte scan of a SQLite delivery table), and the only reading of
/// an exhibit's `from`, `where` and `series` keys. Layout and presentation stay Render's, but for the category
/// labels every estimate carries.
public struct ExhibitPlan: Sendable {
    /// The exhibit's id, as its estimates name it.
    public let id: String
    /// "source.table" or a join id: one row is one unit of the base (or one record of a unit).
    public let from: String
    public let series: [PlannedSeries]
    /// `layout.category_labels`: a category's label in the estimates, over the column's own.
    public let categoryLabels: [String: String]
    /// Where the exhibit is declared (`exhibits.<id>`), for errors found while evaluating it.
    public let path: String
    /// The keys of each reference table ("source.table.column") a column of the plan references: the values a
    /// split or category over such a column can take, and those of them a range accepts (a registry's).
    public let referenceKeys: [String: Set<String>]
}

/// One declared series: the rows it reads, what it measures over them, and what it counts.
public struct PlannedSeries: Sendable {
    public let id: String
    public let label: String?
    /// The exhibit's `where` then the series' own, and-ed (a column may be tested twice): RowFilter's one meaning.
    public let conditions: [PlanCondition]
    /// One series per value of this column (or month of a date) instead of one, when set.
    public let split: PlannedSplit?
    public let measure: PlannedMeasure
    public let unit: PlannedUnit
    /// Categories from free text: only those that occur, most frequent first.
    public let occurringOnly: Bool
    /// "source.table.column" labelling the values of a column that references that table.
    public let labelsFrom: String?
    /// Where the series is declared (`exhibits.<id>.series.<id>`).
    public let path: String
}

/// A test on one column: the row passes when the cell is accepted (values as canonical text, or a numeric range).
public struct PlanCondition: Sendable {
    public let column: ColumnConfig
    public let accepts: FilterValue
}

public struct PlannedSplit: Sendable {
    public let column: ColumnConfig
    /// Groups a date or timestamp by its yyyy-mm.
    public let byMonth: Bool
}

/// What a series' categories are.
public enum PlannedMeasure: Sendable {
    /// A single-response column: each answered unit in one category (its codes, its reference's keys, or a bin).
    case variable(ColumnConfig, bins: [BinConfig]?)
    /// A multiple-response question in long form (surveys only).
    case answers(PlannedAnswers)
    /// One yes/no category each, with its own base.
    case indicators([PlannedIndicator])
}

public struct PlannedAnswers: Sendable {
    /// "source.table" of the long file.
    public let table: String
    public let variable: ColumnConfig
    /// The long file's own `where`.
    public let conditions: [PlanCondition]
}

/// A yes/no category: in the base when one of its variables is answered, yes when one answered is accepted.
public struct PlannedIndicator: Sendable {
    public let category: String
    public let label: String?
    public let variables: [ColumnConfig]
    public let accepts: FilterValue
}

/// What a series counts.
public enum PlannedUnit: Sendable {
    /// Each row is a unit.
    case rows
    /// Distinct values of this column (persons): a unit is in a category when any of its rows is.
    case distinct(ColumnConfig)

    public var column: ColumnConfig? {
        if case .distinct(let c) = self { return c }
        return nil
    }
}

extension PlannedSeries {
    /// The single-response column, if the series measures one.
    public var variable: ColumnConfig? {
        if case .variable(let c, _) = measure { return c }
        return nil
    }

    /// Every column the series reads.
    public var columns: [ColumnConfig] {
        var out = conditions.map(\.column) + [split?.column, unit.column].compactMap { $0 }
        switch measure {
        case .variable(let c, _): out.append(c)
        case .answers(let a): out += [a.variable] + a.conditions.map(\.column)
        case .indicators(let list): out += list.flatMap(\.variables)
        }
        return out
    }

    /// The indicators, if the series measures some (else none).
    public var indicators: [PlannedIndicator] {
        if case .indicators(let list) = measure { return list }
        return []
    }
}
