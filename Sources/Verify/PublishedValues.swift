import Ingest
import MigstatCore

/// One number the study prints, as printed: "12.5", or a bound such as ">60" for "more than 60 percent".
public struct PublishedValue: Sendable, Equatable {
    public var exhibit: String
    public var series: String
    public var category: String
    /// "percent", "n" or "base_n" of an estimate, or "value" of an indicator.
    public var measure: String
    public var published: String
    /// "table" for a number of a table or figure, "text" for a claim in the prose.
    public var kind: String
    /// The thesis' own words, for the report.
    public var quote: String
    public var line: Int
}

/// The published-values file: the one place the study's printed numbers live. Only verification reads it.
public enum PublishedValues {
    public static let header = ["exhibit", "series", "category", "measure", "published", "kind", "quote"]

    public static func load(path: String, displayPath: String) throws -> [PublishedValue] {
        var out: [PublishedValue] = []
        var first = true
        try CSVReader(path: path, displayPath: displayPath, source: "study", options: CSVOptions()).forEachRecord { r in
            let fields = r.fields.map { $0 ?? "" }
            if first {
                first = false
                guard fields == header else {
                    throw MigstatError.data(Location(source: "study", file: displayPath, line: r.line), value: fields.joined(separator: ","),
                                            message: "expected the header \(header.joined(separator: ","))")
                }
                return
            }
            guard fields.count == header.count else {
                throw MigstatError.data(Location(source: "study", file: displayPath, line: r.line), value: fields.joined(separator: ","),
                                        message: "expected \(header.count) fields, found \(fields.count)")
            }
            guard ["percent", "n", "base_n", "value"].contains(fields[3]) else {
                throw MigstatError.data(Location(source: "study", file: displayPath, line: r.line, column: "measure"), value: fields[3],
                                        message: "expected percent, n, base_n or value")
            }
            guard ["table", "text"].contains(fields[5]) else {
                throw MigstatError.data(Location(source: "study", file: displayPath, line: r.line, column: "kind"), value: fields[5],
                                        message: "expected table or text")
            }
            guard PublishedNumber(fields[4]) != nil else {
                throw MigstatError.data(Location(source: "study", file: displayPath, line: r.line, column: "published"), value: fields[4],
                                        message: "expected a number as printed, optionally after > or <")
            }
            out.append(PublishedValue(exhibit: fields[0], series: fields[1], category: fields[2], measure: fields[3],
                                      published: fields[4], kind: fields[5], quote: fields[6], line: r.line))
        }
        return out
    }
}

/// A printed number: its value, its decimals, and whether it is a bound.
struct PublishedNumber {
    enum Relation { case equal, greater, less }
    let relation: Relation
    let value: Double
    let decimals: Int

    init?(_ text: String) {
        var body = Substring(text)
        if body.hasPrefix(">") { relation = .greater; body = body.dropFirst() }
        else if body.hasPrefix("<") { relation = .less; body = body.dropFirst() }
        else { relation = .equal }
        guard let v = Double(body), !body.isEmpty, body.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
        value = v
        decimals = body.firstIndex(of: ".").map { body.distance(from: $0, to: body.endIndex) - 1 } ?? 0
    }
}
