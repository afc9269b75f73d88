import MigstatCore

/// A normalized table as Stata and SPSS see it: each column a variable with its label, its value labels, its
/// "no answer" codes and its level of measurement. Pure: the ReadStat writer only copies it into a file.
public struct LabelledTable: Sendable {
    public enum Kind: Sendable, Equatable { case numeric, string(width: Int) }

    public struct Variable: Sendable {
        public var name: String
        /// The question's English label from the codebook, else the column's name.
        public var label: String
        public var kind: Kind
        /// Every value a whole number (an integer or a numeric code): SPSS shows it without decimals.
        public var wholeNumbers = false
        /// A date: the value is the number of days since 1970-01-01, written as Stata `%td` and SPSS `DATE11`.
        public var isDate = false
        /// Code → label (English) of a numeric code.
        public var valueLabels: [(value: Double, label: String)] = []
        /// Code → label (English) of a text code (region `KHT`), "no answer" codes included: SPSS labels the
        /// strings themselves; Stata labels numbers only, so `forStata()` encodes them.
        public var stringLabels: [(value: String, label: String)] = []
        /// The "no answer" codes with their labels: SPSS user-missing values, Stata extended missing `.a`, `.b`, …
        public var missing: [(value: Double, label: String)] = []
        /// The "no answer" codes of a text code: labelled and noted in SPSS (ReadStat cannot declare them missing).
        public var missingStrings: [String] = []
        public var measure: MeasureLevel = .nominal
        /// Notes of the file about this variable: the Russian labels (question, then codes), and what a format
        /// cannot say in a label.
        public var russian: [String] = []
    }

    public var name: String
    public var label: String
    public var variables: [Variable]
    /// Rows as values, the variables' order; `source_file` and `source_line` first, as in the store.
    public var rows: [[Value]]

    /// Stata's limit for a fixed-width string (longer ones would need strL).
    public static let maxStringWidth = 2045
    /// The largest magnitude up to which every integer has a double of its own (2^53).
    public static let exactDoubleLimit: Int64 = 1 << 53

    /// - Parameter identifiers: columns that name a unit (its key, its parent's key, its PSU): nominal, not scale.
    public init(_ table: DataTable, name: String, label: String, identifiers: Set<String> = []) throws {
        self.name = name
        self.label = label
        let file = Value.text(table.file ?? "")
        rows = table.rows.enumerated().map { i, row in [file, i < table.lines.count ? .integer(Int64(table.lines[i])) : .null] + row }
        var variables = [Variable(name: "source_file", label: "raw file the row was read from", kind: .string(width: 1)),
                         Variable(name: "source_line", label: "physical line of the row in its raw file (1 = header)", kind: .numeric,
                                  wholeNumbers: true, measure: .scale)]
        for (i, column) in table.columns.enumerated() {
            var variable = Self.variable(column, meta: table.meta[column], values: table.rows.map { $0[i] })
            if identifiers.contains(column) && variable.measure == .scale { variable.measure = .nominal }
            variables.append(variable)
        }
        for (v, variable) in variables.enumerated() where variable.isDate {
            for r in rows.indices { rows[r][v] = try Self.days(rows[r][v], name: name, column: variable.name) }
        }
        for (v, variable) in variables.enumerated() where variable.kind != .numeric {
            let width = rows.map { Self.text($0[v]).utf8.count }.max() ?? 1
            guard width <= Self.maxStringWidth else {
                throw MigstatError.output(path: "export/\(name)", message: "column \(variable.name) holds a value of \(width) bytes; Stata's limit is \(Self.maxStringWidth)")
            }
            variables[v].kind = .string(width: max(1, width))
        }
        self.variables = variables
    }

    /// A column is numeric when it is declared a number or a date, or a code whose every code and value is a whole
    /// number; an integer column holding a value beyond ±2^53 (an id no double holds exactly) is text instead.
    static func variable(_ name: String, meta: ColumnConfig?, values: [Value]) -> Variable {
        var v = Variable(name: name, label: meta?.labels["en"] ?? name, kind: .string(width: 1))
        if let ru = meta?.labels["ru"] { v.russian.append("\(name): \(ru)") }
        guard let meta else { return v }
        func label(_ code: String, _ fallback: String?) -> String { meta.codeLabels[code]?["en"] ?? fallback ?? code }
        for code in meta.codes.map(\.code) + meta.noAnswer {
            if let ru = meta.codeLabels[code]?["ru"] { v.russian.append("\(name)=\(code): \(ru)") }
        }
        let declared = meta.codes.map(\.code) + meta.noAnswer
        let numeric: Bool
        switch meta.type {
        case .integer:
            numeric = values.allSatisfy { if case .integer(let i) = $0 { return i.magnitude <= exactDoubleLimit.magnitude } else { return true } }
            if !numeric { v.label += " (text: an id beyond 2^53 has no exact double)" }
        case .decimal, .date: numeric = true
        case .code: numeric = !declared.isEmpty && declared.allSatisfy { Int($0) != nil } && values.allSatisfy { $0.isNull || Int($0.key) != nil }
        default: numeric = false
        }
        v.measure = meta.measure ?? (numeric && meta.type != .code ? .scale : .nominal)
        if meta.type == .code && !numeric {
            v.stringLabels = meta.codes.map { ($0.code, $0.label ?? label($0.code, $0.name)) } + meta.noAnswer.map { ($0, label($0, "no answer")) }
            v.missingStrings = meta.noAnswer
        }
        guard numeric else { return v }
        v.kind = .numeric
        v.wholeNumbers = meta.type != .decimal
        v.isDate = meta.type == .date
        if meta.type == .code {
            v.valueLabels = meta.codes.map { (Double($0.code)!, $0.label ?? label($0.code, $0.name)) }
        }
        v.missing = meta.noAnswer.compactMap { code in Double(code).map { ($0, label(code, "no answer")) } }
        return v
    }

    static func text(_ value: Value) -> String { value.isNull ? "" : value.key }

    /// An ISO date (`yyyy-mm-dd`, as the clean stage stores every date) as days since 1970-01-01.
    static func days(_ value: Value, name: String, column: String) throws -> Value {
        if value.isNull { return .null }
        let parts = value.key.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2] else {
            throw MigstatError.output(path: "export/\(name)", message: "column \(column) holds \(value.key), not a yyyy-mm-dd date")
        }
        // Days from the civil calendar (proleptic Gregorian), after H. Hinnant's days_from_civil.
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return .integer(Int64(era * 146_097 + doe - 719_468))
    }
}
