import Foundation
import MigstatCore
import Store

/// SQL text of the conditions the registry scan tests on a row's bytes, written to select exactly the rows the
/// scan selects (`SeriesCore.classify`, `ByteFilter`) in SQLite 3.40 and PostgreSQL 15 alike.
///
/// Storage: a column is kept in the class `StoreTable.ColumnType(storing:)` gives its type — INTEGER
/// (PostgreSQL: BIGINT), REAL (DOUBLE PRECISION), or TEXT for everything else, dates and timestamps included —
/// the quoting is the store's `SQLDialect`'s, and the
/// scan reads each cell as text: an integer in decimal, a real as SQLite prints it, NULL as no bytes. A value
/// is compared as the column stores it, never as text against a number (PostgreSQL refuses that, and SQLite
/// would convert "07" to 7 where the scan's bytes differ); a value no cell of the column could print as
/// matches nothing.
struct ExhibitSQLText {
    /// The database the statements run on: its quoting of names and text.
    let dialect: any SQLDialect

    /// A condition that no row passes.
    static let never = "1 = 0"

    /// The literal a cell of the column equals exactly when the scan reads it as `text`; nil when none can
    /// (an integer written "07" or "+7", a real written "3" where SQLite prints "3.0").
    func value(_ text: String, in column: ColumnConfig) -> String? {
        switch StoreTable.ColumnType(storing: column.type) {
        case .integer:
            guard let i = Int64(text), String(i) == text else { return nil }
            return String(i)
        case .real:
            guard let d = Double(text), d.isFinite, Self.sqlitePrinted(d) == text else { return nil }
            return "\(d)"
        case .text:
            return dialect.literal(text)
        }
    }

    /// A real as SQLite turns it into text (`sqlite3_column_text`, printf "%!.15g"): fifteen significant digits
    /// and always a digit after the point ("3.0", "1.0e+20").
    static func sqlitePrinted(_ d: Double) -> String {
        let printed = String(format: "%.15g", d)
        if let e = printed.firstIndex(of: "e") {
            let mantissa = printed[..<e]
            return mantissa.contains(".") ? printed : mantissa + ".0" + printed[e...]
        }
        return printed.contains(".") ? printed : printed + ".0"
    }

    /// `column IN (…)` over the values that can match; "" also matches NULL, which the scan reads as no bytes.
    func isOneOf(_ values: [String], _ column: ColumnConfig) -> String {
        let c = dialect.identifier(column.name)
        var alternatives: [String] = []
        let literals = Array(Set(values.compactMap { value($0, in: column) })).sorted()
        if !literals.isEmpty { alternatives.append("\(c) IN (\(literals.joined(separator: ", ")))") }
        if values.contains("") { alternatives.append("\(c) IS NULL") }
        switch alternatives.count {
        case 0: return Self.never
        case 1: return alternatives[0]
        default: return "(" + alternatives.joined(separator: " OR ") + ")"
        }
    }

    /// The condition of a `where` entry or an indicator's `equals` (`ByteFilter.accepts`): one of the values
    /// as text, or a number in the range. A range reads the cell as a number (Swift's `Double(text)`): numbers
    /// are compared as numbers; of a text column, only the values it can hold that read as a number in range
    /// pass — its codes, its reference's keys, none of a date or timestamp (never a number). Free text may hold
    /// anything, and SQLite, PostgreSQL and Swift read text as a number differently: that is refused.
    func accepts(_ filter: FilterValue, _ column: ColumnConfig, referenceKeys: [String: Set<String>]) throws -> String {
        guard filter.isRange else { return isOneOf(filter.values, column) }
        let low = filter.min ?? -.infinity, high = filter.max ?? .infinity
        switch StoreTable.ColumnType(storing: column.type) {
        case .integer, .real:
            let c = dialect.identifier(column.name)
            let bounds = [filter.min.map { "\(c) >= \($0)" }, filter.max.map { "\(c) <= \($0)" }].compactMap { $0 }
            return bounds.joined(separator: " AND ")
        case .text:
            let held: [String]
            if column.type == .date || column.type == .timestamp {
                held = []
            } else if column.type == .code {
                held = column.codes.map(\.code) + column.noAnswer
            } else if let ref = column.references, let keys = referenceKeys[ref] {
                held = keys.sorted() + column.noAnswer
            } else {
                throw MigstatError.config(path: "where.\(column.name)",
                                          message: "a numeric range over the free text column \"\(column.name)\" is not computed in SQL")
            }
            let passing = held.filter { Double($0).map { $0 >= low && $0 <= high } ?? false }
            return isOneOf(passing, column)
        }
    }

    /// Whether the cell holds an answer (`SeriesCore.classify`): not NULL, not empty text, not a no-answer code.
    func answered(_ column: ColumnConfig) -> String {
        let c = dialect.identifier(column.name)
        var parts = ["\(c) IS NOT NULL"]
        if StoreTable.ColumnType(storing: column.type) == .text { parts.append("\(c) <> ''") }
        let noAnswer = Array(Set(column.noAnswer.compactMap { value($0, in: column) })).sorted()
        if !noAnswer.isEmpty { parts.append("\(c) NOT IN (\(noAnswer.joined(separator: ", ")))") }
        return parts.joined(separator: " AND ")
    }

    /// Whether the cell holds a unit (a person): the scan skips a row whose unit reads as no bytes.
    func present(_ column: ColumnConfig) -> String {
        let c = dialect.identifier(column.name)
        return StoreTable.ColumnType(storing: column.type) == .text ? "\(c) IS NOT NULL AND \(c) <> ''" : "\(c) IS NOT NULL"
    }

    func conjunction(_ conditions: [String]) -> String {
        conditions.count == 1 ? conditions[0] : conditions.map { "(\($0))" }.joined(separator: " AND ")
    }
}
