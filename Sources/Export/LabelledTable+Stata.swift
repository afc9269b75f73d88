import MigstatCore

extension LabelledTable {
    /// The suffix of the companion that keeps a text code as delivered beside its Stata encoding.
    public static let codeSuffix = "_code"

    /// The table as Stata needs it: Stata labels numbers only, so a text code (region `KHT`) becomes the number of
    /// its position in the codebook (1, 2, …) labelled with the code's label — what Stata's `encode` would make,
    /// but in codebook order — and the code as delivered follows it as `<name>_code` (a string), so that nothing
    /// is lost and the mapping is in the file. "No answer" codes are numbered after the codes and marked missing.
    public func forStata() throws -> LabelledTable {
        var out = self
        out.variables = []
        var columns: [(from: Int, encode: [String: Double]?)] = []
        let taken = Set(variables.map(\.name))
        for (i, v) in variables.enumerated() {
            guard !v.stringLabels.isEmpty else { out.variables.append(v); columns.append((i, nil)); continue }
            let numbers = Dictionary(uniqueKeysWithValues: v.stringLabels.enumerated().map { ($1.value, Double($0 + 1)) })
            var encoded = v
            encoded.kind = .numeric
            encoded.wholeNumbers = true
            encoded.stringLabels = []
            encoded.missingStrings = []
            encoded.valueLabels = v.stringLabels.filter { !v.missingStrings.contains($0.value) }.map { (numbers[$0.value]!, $0.label) }
            encoded.missing = v.stringLabels.filter { v.missingStrings.contains($0.value) }.map { (numbers[$0.value]!, $0.label) }
            var companionName = v.name + Self.codeSuffix
            while taken.contains(companionName) { companionName += "_" }
            var companion = Variable(name: companionName, label: String("\(v.name) as delivered (\(v.name) holds its codebook position)".prefix(80)), kind: v.kind)
            companion.measure = .nominal
            out.variables += [encoded, companion]
            columns += [(i, numbers), (i, nil)]
        }
        out.rows = try rows.map { row in
            try columns.map { column in
                let value = row[column.from]
                guard let numbers = column.encode, !value.isNull else { return value }
                guard let number = numbers[value.key] else {
                    throw MigstatError.output(path: "export/\(name).dta", message: "column \(variables[column.from].name) holds \(value.key), which its codebook lacks")
                }
                return .real(number)
            }
        }
        return out
    }
}
