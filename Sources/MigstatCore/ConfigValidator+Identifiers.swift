/// Names pipeline.json declares become file names (`tables/<exhibit>.csv`), SQLite tables and columns
/// (`stg_<source>_<table>`), HTML and SVG ids and CSV cells: each must be a plain word, `[A-Za-z0-9_]+`.
extension ConfigValidator {
    func validateIdentifiers() throws {
        for (s, source) in config.sources.enumerated() {
            let sp = "$.sources[\(s)]"
            try checkIdentifier(source.id, path: "\(sp).id")
            for (t, table) in source.tables.enumerated() {
                let tp = "\(sp).tables[\(t)]"
                try checkIdentifier(table.id, path: "\(tp).id")
                for (c, column) in table.columns.enumerated() {
                    let cp = "\(tp).columns[\(c)]"
                    try checkIdentifier(column.name, path: "\(cp).name")
                    for (k, code) in column.codes.enumerated() { try checkIdentifier(code.name, path: "\(cp).codes[\(k)].name") }
                    if let r = column.resolve { try checkIdentifier(r.as, path: "\(cp).resolve.as") }
                }
            }
        }
        for (j, join) in config.joins.enumerated() {
            try checkIdentifier(join.id, path: "$.joins[\(j)].id")
            if let count = join.count { try checkIdentifier(count.as, path: "$.joins[\(j)].count.as") }
        }
        for (i, statistic) in config.statistics.enumerated() { try checkIdentifier(statistic.id, path: "$.statistics[\(i)].id") }
        for (e, exhibit) in config.exhibits.enumerated() {
            let ep = "$.exhibits[\(e)]"
            try checkIdentifier(exhibit.id, path: "\(ep).id")
            for (s, series) in exhibit.series.enumerated() {
                let sp = "\(ep).series[\(s)]"
                try checkIdentifier(series.id, path: "\(sp).id")
                for (b, bin) in (series.bins ?? []).enumerated() { try checkIdentifier(bin.name, path: "\(sp).bins[\(b)].name") }
                for (i, ind) in (series.indicators ?? []).enumerated() { try checkIdentifier(ind.category, path: "\(sp).indicators[\(i)].category") }
            }
        }
    }

    func checkIdentifier(_ name: String, path: String) throws {
        if !Self.isWord(name) { throw fail(path, "expected a name of letters A-Z, a-z, digits and _, found \(quoted(name))") }
    }

    /// `[A-Za-z0-9_]+`.
    static func isWord(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "_")
        }
    }

    /// A value as shown in an error: quoted, with control characters escaped so that one error stays one line.
    func quoted(_ value: String) -> String { "\"" + EscapedText.escape(value, .message) + "\"" }
}
