import MigstatCore

/// A normalized table as Stata and SPSS see it: each column a variable with its label, its value labels and
/// its "no answer" codes. Pure: the ReadStat writer only copies it into a file.
public struct LabelledTable: Sendable {
    public enum Kind: Sendable, Equatable { case numeric, string(width: Int) }

    public struct Variable: Sendable {
        public var name: String
        /// The question's English label from the codebook, else the column's name.
        public var label: String
        public var kind: Kind
        /// Every value a whole number (an integer or a numeric code): SPSS shows it without decimals.
        public var wholeNumbers = false
        /// Code → label (English), for numeric codes only: Stata labels numbers only, and a code keeps its type.
        public var valueLabels: [(value: Double, label: String)] = []
        /// The "no answer" codes with their labels: SPSS user-missing values, Stata extended missing `.a`, `.b`, …
        public var missing: [(value: Double, label: String)] = []
        /// The Russian labels (question, then codes), kept as notes of the file.
        public var russian: [String] = []
    }

    public var name: String
    public var label: String
    public var variables: [Variable]
    /// Rows as values, the variables' order; `source_file` and `source_line` first, as in the store.
    public var rows: [[Value]]

    /// Stata's limit for a fixed-width string (longer ones would need strL).
    public static let maxStringWidth = 2045

    public init(_ table: DataTable, name: String, label: String) throws {
        self.name = name
        self.label = label
        let file = Value.text(table.file ?? "")
        rows = table.rows.enumerated().map { i, row in [file, i < table.lines.count ? .integer(Int64(table.lines[i])) : .null] + row }
        var variables = [Variable(name: "source_file", label: "raw file the row was read from", kind: .string(width: 1)),
                         Variable(name: "source_line", label: "physical line of the row in its raw file (1 = header)", kind: .numeric, wholeNumbers: true)]
        for (i, column) in table.columns.enumerated() {
            let meta = table.meta[column]
            let values = table.rows.map { $0[i] }
            variables.append(Self.variable(column, meta: meta, values: values))
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

    /// A column is numeric when it is declared a number, or a code whose every code and value is a whole number.
    static func variable(_ name: String, meta: ColumnConfig?, values: [Value]) -> Variable {
        var v = Variable(name: name, label: meta?.labels["en"] ?? name, kind: .string(width: 1))
        if let ru = meta?.labels["ru"] { v.russian.append("\(name): \(ru)") }
        guard let meta else { return v }
        let declared = meta.codes.map(\.code) + meta.noAnswer
        let numeric: Bool
        switch meta.type {
        case .integer, .decimal: numeric = true
        case .code: numeric = !declared.isEmpty && declared.allSatisfy { Int($0) != nil } && values.allSatisfy { $0.isNull || Int($0.key) != nil }
        default: numeric = false
        }
        guard numeric else { return v }
        v.kind = .numeric
        v.wholeNumbers = meta.type != .decimal
        func label(_ code: String, _ fallback: String?) -> String { meta.codeLabels[code]?["en"] ?? fallback ?? code }
        if meta.type == .code {
            v.valueLabels = meta.codes.map { (Double($0.code)!, $0.label ?? label($0.code, $0.name)) }
        }
        v.missing = meta.noAnswer.compactMap { code in Double(code).map { ($0, label(code, "no answer")) } }
        for code in meta.codes.map(\.code) + meta.noAnswer {
            if let ru = meta.codeLabels[code]?["ru"] { v.russian.append("\(name)=\(code): \(ru)") }
        }
        return v
    }

    static func text(_ value: Value) -> String { value.isNull ? "" : value.key }
}
