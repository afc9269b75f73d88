import MigstatCore

/// Resolves free text (a destination as the interviewer wrote it) to a reference code through the
/// reference table's key, names and aliases: trimmed, case-insensitive, Unicode-aware.
public struct AliasResolver: Sendable {
    public let config: ResolveConfig
    let codes: [String: String]
    /// The resolved column's declaration: every reference code, labelled with its first name.
    public let column: ColumnConfig

    public init(_ config: ResolveConfig, reference: DataTable) throws {
        self.config = config
        guard let key = reference.index(of: config.key) else {
            throw MigstatError.config(path: "resolve.key", message: "no column \"\(config.key)\" in \(reference.name)")
        }
        let names = config.names.compactMap(reference.index(of:))
        let aliases = config.aliases.flatMap(reference.index(of:))
        let separator = Character(config.separator ?? "|")
        var codes: [String: String] = [:]
        var declared: [CodeConfig] = []
        for row in reference.rows {
            let code = row[key].key
            declared.append(CodeConfig(code: code, name: code, label: names.first.map { row[$0].key }))
            var spellings = [code] + names.map { row[$0].key }
            if let aliases { spellings += row[aliases].key.split(separator: separator).map(String.init) }
            for s in spellings {
                let normal = AliasResolver.normalize(s)
                if normal.isEmpty { continue }
                if let other = codes[normal], other != code {
                    throw MigstatError.config(path: "resolve", message: "\"\(s)\" names both \(other) and \(code) in \(reference.name)")
                }
                codes[normal] = code
            }
        }
        self.codes = codes
        column = ColumnConfig(name: config.as, type: .code, codes: declared)
    }

    public func resolve(_ text: String) -> String? { codes[AliasResolver.normalize(text)] }

    /// Trims, folds case and collapses inner runs of white space, so "  Россия " matches "россия".
    static func normalize(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }
}
