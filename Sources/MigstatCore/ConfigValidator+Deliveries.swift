/// Checks of tables delivered as series of files (the registry) and of the exhibits computed over them in the store.
extension ConfigValidator {
    func validateDeliveries(_ table: TableConfig, path tp: String) throws {
        guard let glob = table.deliveries else {
            if table.upsert != nil { throw fail("\(tp).upsert", "\"upsert\" needs \"deliveries\"") }
            return
        }
        if glob.hasPrefix("/") || glob.split(separator: "/").contains("..") || !glob.contains("*") || glob.hasSuffix("/") {
            throw fail("\(tp).deliveries", "expected a file pattern inside the raw directory such as \"registry/registry_*.csv\", found \"\(glob)\"")
        }
        if glob.split(separator: "/").dropLast().contains(where: { $0.contains("*") || $0.contains("?") }) {
            throw fail("\(tp).deliveries", "only the file name may hold wildcards, found \"\(glob)\"")
        }
        guard let upsert = table.upsert else { throw fail("\(tp).upsert", "a delivery table needs \"upsert\": {\"key\": ..., \"version\": ...}") }
        guard let key = table.column(upsert.key) else { throw fail("\(tp).upsert.key", "no column \"\(upsert.key)\"") }
        if key.type != .integer && key.type != .text { throw fail("\(tp).upsert.key", "expected an integer or text column, found \(key.type.rawValue)") }
        guard let version = table.column(upsert.version) else { throw fail("\(tp).upsert.version", "no column \"\(upsert.version)\"") }
        if ![.timestamp, .date, .integer].contains(version.type) {
            throw fail("\(tp).upsert.version", "expected a timestamp, date or integer column, found \(version.type.rawValue)")
        }
        if !key.required || !version.required { throw fail("\(tp).upsert", "the key and version columns must be required") }
        if !table.key.isEmpty && table.key != [upsert.key] { throw fail("\(tp).key", "expected [\"\(upsert.key)\"], the upsert key") }
        if table.parent != nil { throw fail("\(tp).parent", "a delivery table has no \"parent\"") }
        // Deliveries hold every record of the population: a census, never a weighted sample.
        if let design = table.design, !design.census { throw fail("\(tp).design", "a delivery table is a census: {\"census\": true} or no design") }
    }

    func rejectDeliveryTables(_ names: [String?], path: String) throws {
        for case let name? in names where table(name)?.deliveries != nil {
            throw fail(path, "\(name) is loaded into the store from its deliveries and cannot be joined")
        }
    }

    /// Over a survey table, `split_by` cross-tabulates a single-response variable by a column (one series per
    /// value, tested for independence); `unit` and `labels_from` apply to delivery tables only.
    func rejectDeliverySeries(_ exhibit: ExhibitConfig, columns: Set<String>, path ep: String) throws {
        for (s, series) in exhibit.series.enumerated() {
            let sp = "\(ep).series[\(s)]"
            if series.unit != nil || series.labelsFrom != nil {
                throw fail(sp, "\"unit\" and \"labels_from\" apply to exhibits over a delivery table only")
            }
            guard let split = series.splitBy else { continue }
            guard columns.contains(split.column) else { throw fail("\(sp).split_by.column", "no column \"\(split.column)\" in \(exhibit.from)") }
            if split.period != nil { throw fail("\(sp).split_by.period", "a survey table is split by the values of a column, not by period") }
            // Its codes name the series it makes, so they are declared words, never text met in the data.
            if declaredColumn(of: exhibit.from, split.column)?.type != .code {
                throw fail("\(sp).split_by.column", "\"\(split.column)\" is not a code column of \(exhibit.from): a survey table is split by declared codes")
            }
            if series.variable == nil || series.bins != nil { throw fail(sp, "a cross-tabulation (\"split_by\") needs a single-response \"variable\" without bins") }
            if exhibit.series.count != 1 { throw fail("\(ep).series", "an exhibit split by a column has that one series") }
        }
    }

    /// An exhibit over a delivery table is computed in the store: categories from a variable (its codes, or
    /// the values found) or indicators, optionally split into one series per value and counted per unit.
    func validateDeliveryExhibit(_ exhibit: ExhibitConfig, _ streamed: TableConfig, path ep: String) throws {
        let cols = Set(streamed.columns.map(\.name))
        try checkFilter(exhibit.where, columns: cols, path: "\(ep).where")
        if exhibit.series.isEmpty { throw fail("\(ep).series", "expected at least one series") }
        if exhibit.series.count > 1, exhibit.series.contains(where: { $0.splitBy != nil }) {
            throw fail("\(ep).series", "a series with \"split_by\" must be the exhibit's only series")
        }
        for (s, series) in exhibit.series.enumerated() {
            let sp = "\(ep).series[\(s)]"
            try checkFilter(series.where, columns: cols, path: "\(sp).where")
            if series.answers != nil || series.bins != nil { throw fail(sp, "\"answers\" and \"bins\" do not apply to a delivery table") }
            if (series.variable != nil) == (series.indicators != nil) { throw fail(sp, "expected exactly one of \"variable\" or \"indicators\"") }
            if let v = series.variable {
                guard let column = streamed.column(v) else { throw fail("\(sp).variable", "no column \"\(v)\" in \(exhibit.from)") }
                if column.type != .code && column.references == nil {
                    throw fail("\(sp).variable", "\"\(v)\" has neither codes nor \"references\": its categories over a delivery table must be known")
                }
            }
            for (i, ind) in (series.indicators ?? []).enumerated() {
                for v in ind.variables where !cols.contains(v) { throw fail("\(sp).indicators[\(i)]", "no column \"\(v)\" in \(exhibit.from)") }
            }
            if let unit = series.unit, !cols.contains(unit) { throw fail("\(sp).unit", "no column \"\(unit)\" in \(exhibit.from)") }
            if let split = series.splitBy {
                guard let column = streamed.column(split.column) else { throw fail("\(sp).split_by.column", "no column \"\(split.column)\" in \(exhibit.from)") }
                if let period = split.period {
                    guard period == "month" else { throw fail("\(sp).split_by.period", "expected \"month\", found \"\(period)\"") }
                    guard column.type == .date || column.type == .timestamp else {
                        throw fail("\(sp).split_by.period", "\"\(split.column)\" is \(column.type.rawValue); a month needs a date or timestamp")
                    }
                } else if column.type != .code && column.references == nil {
                    throw fail("\(sp).split_by.column", "\"\(split.column)\" has neither codes nor \"references\": split by month or by a coded column")
                }
            }
            if let labels = series.labelsFrom {
                let parts = labels.split(separator: ".").map(String.init)
                guard parts.count == 3, columns["\(parts[0]).\(parts[1])"]?.contains(parts[2]) == true else {
                    throw fail("\(sp).labels_from", "expected \"source.table.column\" of a table declared before, found \"\(labels)\"")
                }
            }
        }
        if !["series", "categories"].contains(exhibit.layout.rows) {
            throw fail("\(ep).layout.rows", "expected \"series\" or \"categories\", found \"\(exhibit.layout.rows)\"")
        }
        for (i, v) in exhibit.layout.values.enumerated() where !["n", "percent"].contains(v) {
            throw fail("\(ep).layout.values[\(i)]", "expected \"n\" or \"percent\", found \"\(v)\"")
        }
    }
}

extension PipelineConfig {
    /// The delivery table an exhibit reads, if it reads one: such exhibits are computed in the store.
    public func deliveryTable(of exhibit: ExhibitConfig) -> (source: SourceConfig, table: TableConfig)? {
        let parts = exhibit.from.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let source = sources.first(where: { $0.id == parts[0] }),
              let table = source.tables.first(where: { $0.id == parts[1] }), table.deliveries != nil else { return nil }
        return (source, table)
    }
}
