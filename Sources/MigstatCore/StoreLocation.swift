/// Where the store is: migration.sqlite in the output, or a PostgreSQL database named by a libpq URL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite
    case postgresql(url: String, schema: String)

    /// The URL prefixes libpq accepts for a connection URI.
    public static let postgresqlPrefixes = ["postgresql://", "postgres://"]

    /// From `--store`/`--store-schema` (winning) or pipeline.json's `store`/`store_schema`. `path` names where a
    /// bad value came from, for the error.
    public static func choose(option: String?, schemaOption: String?, config: PipelineConfig) throws -> StoreLocation {
        let url = option ?? config.store
        let schema = schemaOption ?? config.storeSchema ?? "public"
        let origin = option != nil ? "--store" : "$.store"
        guard let url else { return .sqlite }
        guard postgresqlPrefixes.contains(where: { url.hasPrefix($0) }) else {
            throw MigstatError.config(path: origin, message: "expected a PostgreSQL URL (postgresql://user@host:port/database), found \"\(redactedURL(url))\"")
        }
        guard !schema.isEmpty, schema.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
            throw MigstatError.config(path: schemaOption != nil ? "--store-schema" : "$.store_schema", message: "expected a word of [A-Za-z0-9_], found \"\(schema)\"")
        }
        return .postgresql(url: url, schema: schema)
    }
}

/// A connection URL or key=value string with its password replaced by `***`, for logs, the manifest and the
/// report: `postgresql://u:secret@h/db` → `postgresql://u:***@h/db`; `password=secret` and `?password=secret` too.
public func redactedURL(_ text: String) -> String {
    var out = text
    // user:password@ in a URL
    if let scheme = out.range(of: "://") {
        let rest = out[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
            out.replaceSubrange(out.index(after: colon)..<at, with: "***")
        }
    }
    // password=… as a query parameter or a key=value pair, up to & or whitespace (or a quoted value)
    var result = ""
    var i = out.startIndex
    while i < out.endIndex {
        if out[i...].lowercased().hasPrefix("password="), i == out.startIndex || "?& \t".contains(out[out.index(before: i)]) {
            let valueStart = out.index(i, offsetBy: "password=".count)
            result += out[i..<valueStart] + "***"
            var j = valueStart
            if j < out.endIndex, out[j] == "'" {
                j = out.index(after: j)
                while j < out.endIndex, out[j] != "'" { if out[j] == "\\" { j = out.index(after: j) }; if j < out.endIndex { j = out.index(after: j) } }
                if j < out.endIndex { j = out.index(after: j) }
            } else {
                while j < out.endIndex, !"& \t".contains(out[j]) { j = out.index(after: j) }
            }
            i = j
        } else {
            result.append(out[i]); i = out.index(after: i)
        }
    }
    return result
}
