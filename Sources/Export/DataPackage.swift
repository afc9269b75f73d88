import Foundation
import MigstatCore

/// `datapackage.json`: a Frictionless Data Package describing every CSV file of the output — its fields with
/// types (read off the values), descriptions, categories with their labels, and primary keys — so that a tool
/// can load the output typed and labelled. Deterministic: the same files give the same bytes.
public enum DataPackage {
    /// Labels of a category value, by language ("en", "ru"), from the codebook in the store.
    public typealias Labels = [String: [String: String]]

    /// - Parameters:
    ///   - files: every CSV file of the output, by relative path, with its text.
    ///   - categoryLabels: labels of the codes behind estimate categories (category name → language → label).
    public static func json(title: String, files: [(path: String, text: String)], categoryLabels: Labels) throws -> String {
        let resources = try files.sorted { $0.path < $1.path }.map { try resource($0.path, $0.text, categoryLabels) }
        let package: [String: Any] = [
            "profile": "tabular-data-package",
            "name": "migstat-output",
            "title": title,
            "description": "The CSV files migstat writes into output/ (see docs/reference.md, \"What output/ holds\").",
            "resources": resources,
        ]
        let data = try JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func resource(_ path: String, _ text: String, _ labels: Labels) throws -> [String: Any] {
        let records = CSVLines.parse(text)
        guard let header = records.first else { throw MigstatError.output(path: path, message: "an empty CSV file") }
        let rows = records.dropFirst()
        let file = (path as NSString).lastPathComponent.replacingOccurrences(of: ".csv", with: "")
        var fields: [[String: Any]] = []
        // A census table's withheld numbers (docs/confidentiality.md) are missing values, not text.
        let withheld = rows.contains { $0.contains(Withheld.mark) }
        // A header migstat wrote is already unique (FieldNames); any other keeps its text as the field's title.
        for (i, (label, name)) in zip(header, FieldNames.unique(header)).enumerated() {
            let values = rows.map { i < $0.count ? $0[i] : "" }.map { withheld && $0 == Withheld.mark ? "" : $0 }
            var field: [String: Any] = ["name": name, "type": type(of: values)]
            if name != label { field["title"] = label }
            if let d = ColumnDescriptions.all[name] { field["description"] = d }
            if ColumnDescriptions.enumerated.contains(name) {
                let distinct = values.filter { !$0.isEmpty }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                field["constraints"] = ["enum": distinct]
            }
            if name == "category", let labelColumn = header.firstIndex(of: "label") {
                field["categories"] = categories(rows.map { ($0[i], $0[labelColumn]) }, labels)
            }
            fields.append(field)
        }
        var schema: [String: Any] = ["fields": fields, "missingValues": withheld ? ["", Withheld.mark] : [""]]
        if let key = ColumnDescriptions.primaryKeys[file], key.allSatisfy(header.contains) {
            let columns = key.map { header.firstIndex(of: $0)! }
            if Set(rows.map { r in columns.map { r[$0] } }).count == rows.count { schema["primaryKey"] = key }
        }
        let name = path.replacingOccurrences(of: ".csv", with: "").lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        // "migstat:class": confidential (never handed out) or publication (../shared/extracts.md, "Confidentiality").
        return ["name": String(name), "path": path, "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", "schema": schema, "migstat:class": OutputClass.of(path).rawValue]
    }

    /// integer, number or string: the narrowest type every non-empty value has.
    static func type(of values: [String]) -> String {
        let present = values.filter { !$0.isEmpty }
        if present.isEmpty { return "string" }
        if present.allSatisfy({ Int($0) != nil }) { return "integer" }
        if present.allSatisfy({ Double($0) != nil && !$0.lowercased().contains("n") }) { return "number" }   // not "nan", "inf"
        return "string"
    }

    /// The category values with their English label (as the CSV gives it) and, where the codebook has them, the
    /// labels in both languages. One value may carry several labels in different exhibits: they are joined.
    static func categories(_ pairs: [(value: String, label: String)], _ labels: Labels) -> [[String: Any]] {
        var order: [String] = [], seen: [String: [String]] = [:]
        for (v, l) in pairs {
            if seen[v] == nil { order.append(v) }
            if !(seen[v] ?? []).contains(l) { seen[v, default: []].append(l) }
        }
        return order.map { v in
            var c: [String: Any] = ["value": v, "label": seen[v]!.joined(separator: " | ")]
            if let both = labels[v], !both.isEmpty { c["labels"] = both }
            return c
        }
    }
}

/// A small CSV splitter for the files migstat itself wrote (RFC 4180 quoting, LF line ends).
public enum CSVLines {
    public static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false, afterQuote = false
        for ch in text {
            if quoted {
                if ch == "\"" { quoted = false; afterQuote = true } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"": if afterQuote { field.append("\"") }; quoted = true; afterQuote = false
            case ",": record.append(field); field = ""; afterQuote = false
            case "\n": record.append(field); records.append(record); record = []; field = ""; afterQuote = false
            default: field.append(ch); afterQuote = false
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
