import Foundation

/// Where the store is: migration.sqlite in the output, or a PostgreSQL database named by a libpq URL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite
    case postgresql(url: String, schema: String)

    /// From `--store`/`--store-schema` (winning) or pipeline.json's `store`/`store_schema`; an error names where
    /// the bad value came from.
    public static func choose(option: String?, schemaOption: String?, config: PipelineConfig) throws -> StoreLocation {
        let url = option ?? config.store
        let schema = schemaOption ?? config.storeSchema ?? "public"
        let origin = option != nil ? "--store" : "$.store"
        guard let url else { return .sqlite }
        guard PostgresURL.isPostgres(url) else {
            throw MigstatError.config(path: origin, message: "expected a PostgreSQL URL (postgresql://user@host:port/database), found one of scheme \"\(url.prefix { $0 != ":" }.prefix(20))\"")
        }
        if let problem = schemaProblem(schema) {
            throw MigstatError.config(path: schemaOption != nil ? "--store-schema" : "$.store_schema", message: problem)
        }
        return .postgresql(url: url, schema: schema)
    }

    /// PostgreSQL's longest identifier (NAMEDATALEN - 1): a longer name is cut to it, so two long names would
    /// share one schema while their advisory locks (keyed by the whole name) differ.
    public static let maximumSchemaBytes = 63

    /// Why `schema` cannot name migstat's schema, or nil: it becomes part of SQL (a word, as every name
    /// pipeline.json declares), it must reach PostgreSQL whole (the schema and the lock then name the same
    /// bytes), and it must not be one PostgreSQL reserves (`pg_*`, among them `pg_temp` and `pg_catalog`, and
    /// `information_schema`), in any case, since a quoted name keeps its case and an unquoted one folds it.
    public static func schemaProblem(_ schema: String) -> String? {
        guard ConfigValidator.isWord(schema) else { return "expected a word of [A-Za-z0-9_]" }
        if schema.utf8.count > maximumSchemaBytes {
            return "a schema name has at most \(maximumSchemaBytes) bytes (PostgreSQL cuts longer names, so two could share one schema), found \(schema.utf8.count)"
        }
        let folded = schema.lowercased()
        if folded.hasPrefix("pg_") || folded == "information_schema" {
            return "\"\(schema)\" is a name PostgreSQL reserves for its own schemas (pg_*, information_schema): name another schema"
        }
        return nil
    }
}

/// A PostgreSQL connection string (a `postgresql://` URL or libpq's `key=value` form) as logs may show it.
public enum PostgresURL {
    /// The string with every password replaced by `***`: the URL's (to its last '@', so that an unencoded '@'
    /// or '/' in it hides nothing), a `password=` query parameter, and a `password=` keyword of the key=value form
    /// (quoted or not).
    public static func redacted(_ conninfo: String) -> String { replacingPasswords(in: conninfo) { _ in "***" } }

    /// The string with each byte of every password replaced by `*`, the same number of UTF-8 bytes long: what
    /// migstat writes over its own argv, so that `ps` shows `--store postgresql://u:****@h/db`.
    public static func masked(_ text: String) -> String {
        replacingPasswords(in: text) { String(repeating: "*", count: $0.utf8.count) }
    }

    /// Replaces each password `passwordPatterns` find (overlapping ones as one), from the end backwards.
    private static func replacingPasswords(in text: String, with replacement: (Substring) -> String) -> String {
        var ranges: [Range<String.Index>] = []
        for pattern in passwordPatterns {
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text), !range.isEmpty { ranges.append(range) }
            }
        }
        var merged: [Range<String.Index>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else { merged.append(range) }
        }
        var out = text
        for range in merged.reversed() { out.replaceSubrange(range, with: replacement(text[range])) }
        return out
    }

    /// The password (group 1) of a URL (from its first ':' to its last '@'), of a `password=` parameter and of a
    /// `password=` keyword (quoted or not).
    public static let passwordPatterns: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: "postgres(?:ql)?://[^:@/\\s]*:(.*)@", options: [.caseInsensitive]),
        try! NSRegularExpression(pattern: "[?&]password=([^&#]*)", options: [.caseInsensitive]),
        try! NSRegularExpression(pattern: "(?:^|\\s)password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|[^\\s']\\S*)", options: [.caseInsensitive]),
    ]

    /// Whether the string is a URL libpq reads as PostgreSQL's (the `--store` option's test).
    public static func isPostgres(_ store: String) -> Bool {
        store.hasPrefix("postgresql://") || store.hasPrefix("postgres://")
    }
}
