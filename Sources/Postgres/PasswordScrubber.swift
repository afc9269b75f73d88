import CLibPQ
import Foundation
import MigstatCore

/// Removes a connection's password from every message libpq or the server returns, before it is logged or put
/// in an error: libpq echoes parts of a URL it cannot read (`invalid percent-encoded token: "…"`), and a
/// password holding `@` or `/` is cut by libpq's reading so that its pieces land in the host or the database.
public struct PasswordScrubber: Sendable {
    /// Every text that gives the password away, longest first: the URL's userinfo (`user:password`), the
    /// password raw, percent-decoded and percent-encoded, a `password=` parameter or keyword, `PGPASSWORD`, the
    /// password file's passwords, and the password libpq read.
    public let secrets: [String]
    /// The password between the URL's first ':' and its last '@', as the person who wrote it means it.
    let urlPassword: String?

    public init(conninfo: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var found: [String] = []
        var urlPassword: String?
        // libpq ends the userinfo at the first '@' (or gives up at a '/'); a person may mean the last '@'.
        if let scheme = conninfo.range(of: "://"), let at = conninfo[scheme.upperBound...].lastIndex(of: "@") {
            found.append(String(conninfo[scheme.upperBound..<at]))
        }
        for (index, pattern) in PostgresURL.passwordPatterns.enumerated() {
            for match in pattern.matches(in: conninfo, range: NSRange(conninfo.startIndex..., in: conninfo)) {
                guard let value = Range(match.range(at: 1), in: conninfo) else { continue }
                if index == 0 { urlPassword = String(conninfo[value]) }
                found += [String(conninfo[value]), Self.unquoted(String(conninfo[value]))]
            }
        }
        self.urlPassword = urlPassword
        if let password = environment["PGPASSWORD"] { found.append(password) }
        found += Self.passwordFile(environment)
        if let password = Self.parse(conninfo).options["password"] { found.append(password) }
        var forms = Set<String>()
        for secret in found where !secret.isEmpty {
            forms.insert(secret)
            let decoded = secret.removingPercentEncoding ?? secret
            forms.insert(decoded)
            for allowed in [CharacterSet.alphanumerics, .urlPasswordAllowed, .urlUserAllowed] {
                guard let encoded = decoded.addingPercentEncoding(withAllowedCharacters: allowed) else { continue }
                forms.insert(encoded)
                forms.insert(Self.lowercasingHex(encoded))
            }
        }
        secrets = forms.filter { !$0.isEmpty }.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Whether libpq reads another password than the URL's (an '@' or '/' in it, not percent-encoded): libpq
    /// would then take the rest for the host, port or database and echo those pieces of the password.
    func misread(by options: [String: String]) -> Bool {
        guard let urlPassword else { return false }
        return options["password"] != (urlPassword.removingPercentEncoding ?? urlPassword)
    }

    /// The message with every secret replaced by `***`.
    public func scrub(_ message: String) -> String {
        var text = message
        for secret in secrets where text.contains(secret) { text = text.replacingOccurrences(of: secret, with: "***") }
        return text
    }

    /// libpq's reading of a URL or key=value string (keywords with values), or its complaint, scrubbed by the caller.
    static func parse(_ conninfo: String) -> (options: [String: String], error: String?) {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &message) else {
            defer { if let message { PQfreemem(message) } }
            return ([:], string(message)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "libpq could not read it")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = string(option.pointee.val) { values[String(cString: keyword)] = value }
            option += 1
        }
        return (values, nil)
    }

    /// The passwords of the password file libpq reads (PGPASSFILE, else ~/.pgpass): the last field of each
    /// `host:port:database:user:password` line, `\:` and `\\` undone.
    static func passwordFile(_ environment: [String: String]) -> [String] {
        guard let path = environment["PGPASSFILE"] ?? environment["HOME"].map({ $0 + "/.pgpass" }),
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            guard !line.hasPrefix("#") else { return nil }
            var fields: [String] = [""], escaped = false
            for c in line {
                if escaped { fields[fields.count - 1].append(c); escaped = false }
                else if c == "\\" { escaped = true }
                else if c == ":" && fields.count < 5 { fields.append("") }
                else { fields[fields.count - 1].append(c) }
            }
            return fields.count == 5 && !fields[4].isEmpty ? fields[4] : nil
        }
    }

    /// A key=value value as libpq reads it: quotes removed, backslash escapes undone.
    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") else { return value }
        var out = "", escaped = false
        for c in value.dropFirst().dropLast() {
            if escaped { out.append(c); escaped = false } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        return out
    }

    private static func lowercasingHex(_ encoded: String) -> String {
        var out = "", pending = 0
        for c in encoded {
            if c == "%" { pending = 2; out.append(c) } else if pending > 0 { out.append(contentsOf: c.lowercased()); pending -= 1 } else { out.append(c) }
        }
        return out
    }
}

extension PostgresEndpoint {
    /// Where a connection string sends libpq, as it names it: the host (or socket directory), port and database
    /// the string gives, else those of PGHOST, PGPORT and PGDATABASE, else empty, which the messages call
    /// libpq's default (never a made-up "localhost 5432").
    static func named(by options: [String: String], environment: [String: String]) -> PostgresEndpoint {
        func pick(_ keys: [String], _ variable: String) -> String {
            for key in keys { if let value = options[key], !value.isEmpty { return value } }
            return environment[variable].map { $0.isEmpty ? "" : "\($0) (\(variable))" } ?? ""
        }
        return PostgresEndpoint(host: pick(["host", "hostaddr"], "PGHOST"), port: pick(["port"], "PGPORT"), database: pick(["dbname"], "PGDATABASE"))
    }
}
