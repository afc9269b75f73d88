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
    /// The string with every password replaced by `***`: the URL's `user:password@`, a `password=` query
    /// parameter, and a `password=` keyword of the key=value form (quoted or not).
    public static func redacted(_ conninfo: String) -> String {
        var text = conninfo
        for (pattern, template) in redactions {
            text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text
    }

    /// Whether the string is a URL libpq reads as PostgreSQL's (the `--store` option's test).
    public static func isPostgres(_ store: String) -> Bool {
        store.hasPrefix("postgresql://") || store.hasPrefix("postgres://")
    }

    private static let redactions: [(NSRegularExpression, String)] = [
        // postgresql://user:secret@host/db: the password runs to the '@' ending the authority.
        (try! NSRegularExpression(pattern: "^(postgres(?:ql)?://[^:@/?#]*:)[^@/?#]*@", options: [.caseInsensitive]), "$1***@"),
        // ...?password=secret&...
        (try! NSRegularExpression(pattern: "([?&]password=)[^&#]*", options: [.caseInsensitive]), "$1***"),
        // host=h password='se cret' dbname=d (libpq's quoting: single quotes, backslash escapes).
        (try! NSRegularExpression(pattern: "(^|\\s)(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s']\\S*|)", options: [.caseInsensitive]), "$1$2***"),
    ]
}
