/// Semantic checks that JSON decoding cannot make: ids resolve, columns exist, formats make sense.
/// Every error names the JSON path of the offending value.
struct ConfigValidator {
    let config: PipelineConfig
    /// Columns of every table ("source.table") and join (its id), known after each declaration.
    var columns: [String: Set<String>] = [:]

    init(_ config: PipelineConfig) { self.config = config }

    /// Each check goes on after another failed (a table, a column, a join, an exhibit at a time), so that
    /// `check` lists every error at once; a table or join with an error still declares its columns, so that
    /// what refers to it is not reported too.
    mutating func validate() throws {
        let found = ConfigErrorList()
        try found.collect { if config.version != 1 { throw fail("$.version", "expected 1, found \(config.version)") } }
        let namesAreWords = try found.collect { try validateIdentifiers() }
        try found.collect { try validateNumbers() }
        try found.collect { try validateWhereAgreement() }
        try found.collect { try validatePaths() }
        try found.collect { try validateThresholds() }
        try found.collect { _ = try StoreLocation.choose(option: nil, schemaOption: nil, config: config) }
        // A declared name that is not a word breaks every reference to it: those errors would only repeat this one.
        if !namesAreWords { try found.throwIfAny() }
        var sourceIds = Set<String>()
        for (s, source) in config.sources.enumerated() {
            let sp = "$.sources[\(s)]"
            try found.collect {
                guard sourceIds.insert(source.id).inserted else { throw fail("\(sp).id", "duplicate source id \"\(source.id)\"") }
                try validateFormat(source.format, path: "\(sp).format")
            }
            for (t, table) in source.tables.enumerated() {
                let tp = "\(sp).tables[\(t)]"
                let qualified = "\(source.id).\(table.id)"
                guard try found.collect({ if columns[qualified] != nil { throw fail("\(tp).id", "duplicate table id \"\(table.id)\"") } }) else { continue }
                let names = table.columns.map(\.name)
                let set = Set(names)
                try found.collect { try validateTable(table, of: source, columns: set, names: names, qualified: qualified, path: tp) }
                for (c, column) in table.columns.enumerated() {
                    try found.collect { try validateColumn(column, columns: set, path: "\(tp).columns[\(c)]") }
                }
                try found.collect { try validateDeliveries(table, path: tp) }
                columns[qualified] = set.union(table.columns.compactMap { $0.resolve?.as })
            }
        }
        for (j, join) in config.joins.enumerated() {
            let jp = "$.joins[\(j)]"
            guard try found.collect({ if columns[join.id] != nil { throw fail("\(jp).id", "duplicate id \"\(join.id)\"") } }) else { continue }
            var cols = columns[join.from] ?? []
            try found.collect { try validateJoin(join, columns: &cols, path: jp) }
            columns[join.id] = cols
        }
        try found.collect { try validateStoreNames() }
        try found.collect {
            if let ind = config.indicators {
                guard let cols = columns[ind.from] else { throw fail("$.indicators.from", "no table \"\(ind.from)\"") }
                for c in ["indicator", "period", "value", "unit"] where !cols.contains(c) {
                    throw fail("$.indicators.from", "\(ind.from) lacks the column \"\(c)\"")
                }
            }
        }
        var listed = Set<String>()
        for (i, entry) in config.study.contents.enumerated() where !listed.insert(entry.number).inserted {
            try found.collect { throw fail("$.study.contents[\(i)].number", "\"\(entry.number)\" is listed twice") }
        }
        try found.collect { try validateStatistics() }
        var exhibitIds = Set<String>()
        for (e, exhibit) in config.exhibits.enumerated() {
            try found.collect {
                try validateExhibit(exhibit, path: "$.exhibits[\(e)]")
                guard exhibitIds.insert(exhibit.id).inserted else { throw fail("$.exhibits[\(e)].id", "duplicate exhibit id \"\(exhibit.id)\"") }
            }
        }
        try found.collect { try validateCodes() }
        try found.collect { try validateContrasts() }
        try found.collect { try validateCalibrations() }
        try found.collect { try validateCalibratedStatistics() }
        try found.throwIfAny()
    }

    private func validateTable(_ table: TableConfig, of source: SourceConfig, columns set: Set<String>, names: [String], qualified: String, path tp: String) throws {
        if set.count != names.count { throw fail("\(tp).columns", "duplicate column name") }
        for (k, key) in table.key.enumerated() where !set.contains(key) {
            throw fail("\(tp).key[\(k)]", "no column \"\(key)\" in \(qualified)")
        }
        if let design = table.design { try validateDesign(design, of: table, qualified: qualified, path: "\(tp).design") }
        if let parent = table.parent {
            guard let p = source.tables.first(where: { $0.id == parent.table }) else {
                throw fail("\(tp).parent.table", "no table \"\(parent.table)\" in source \(source.id)")
            }
            if parent.columns.count != p.key.count { throw fail("\(tp).parent.columns", "expected \(p.key.count) column(s) matching the key of \(parent.table)") }
            for (i, c) in parent.columns.enumerated() where !set.contains(c) {
                throw fail("\(tp).parent.columns[\(i)]", "no column \"\(c)\" in \(qualified)")
            }
        }
    }

    private func validateColumn(_ column: ColumnConfig, columns set: Set<String>, path cp: String) throws {
        if column.type == .code && column.codes.isEmpty { throw fail("\(cp).codes", "a code column needs its codes") }
        if let r = column.range, r.count != 2 { throw fail("\(cp).range", "expected [min, max] (null for open)") }
        if let r = column.resolve {
            guard let target = columns[r.table] else { throw fail("\(cp).resolve.table", "no table \"\(r.table)\" declared before this one") }
            for (k, n) in ([r.key] + r.names + (r.aliases.map { [$0] } ?? [])).enumerated() where !target.contains(n) {
                throw fail("\(cp).resolve", "no column \"\(n)\" in \(r.table) (name \(k))")
            }
            if set.contains(r.as) { throw fail("\(cp).resolve.as", "\"\(r.as)\" is already a column") }
        }
        if let ref = column.references, !referenceExists(ref) {
            throw fail("\(cp).references", "expected \"source.table.column\" of a table declared earlier, found \"\(ref)\"")
        }
    }

    private func validateJoin(_ join: JoinConfig, columns cols: inout Set<String>, path jp: String) throws {
        guard columns[join.from] != nil else { throw fail("\(jp).from", "no table or join \"\(join.from)\"") }
        try rejectDeliveryTables([join.from, join.lookup?.table, join.count?.table], path: jp)
        switch (join.lookup, join.count) {
        case let (lookup?, nil):
            guard let target = columns[lookup.table] else { throw fail("\(jp).lookup.table", "no table \"\(lookup.table)\"") }
            try checkOn(lookup.on, left: cols, right: target, path: "\(jp).lookup.on")
            for (i, a) in lookup.add.enumerated() {
                guard target.contains(a) else { throw fail("\(jp).lookup.add[\(i)]", "no column \"\(a)\" in \(lookup.table)") }
                guard !cols.contains(a) else { throw fail("\(jp).lookup.add[\(i)]", "\"\(a)\" is already a column of \(join.from)") }
                cols.insert(a)
            }
        case let (nil, count?):
            guard let target = columns[count.table] else { throw fail("\(jp).count.table", "no table \"\(count.table)\"") }
            try checkOn(count.on, left: cols, right: target, path: "\(jp).count.on")
            try checkFilter(count.where, columns: target, path: "\(jp).count.where")
            cols.insert(count.as)
        default:
            throw fail(jp, "expected exactly one of \"lookup\" or \"count\"")
        }
    }

    private func validateExhibit(_ exhibit: ExhibitConfig, path ep: String) throws {
        if exhibit.kind.isDrawnFromSpec { return try validateDrawing(exhibit, path: ep) }
        if exhibit.spec != nil { throw fail("\(ep).spec", "only a diagram or timeline is drawn from a spec; a \(exhibit.kind.rawValue) is computed from \"from\" and \"series\"") }
        guard let cols = columns[exhibit.from] else { throw fail("\(ep).from", "no table or join \"\(exhibit.from)\"") }
        if let streamed = table(exhibit.from), streamed.deliveries != nil { return try validateDeliveryExhibit(exhibit, streamed, path: ep) }
        try rejectDeliverySeries(exhibit, columns: cols, path: ep)
        try checkFilter(exhibit.where, columns: cols, path: "\(ep).where")
        if exhibit.series.isEmpty { throw fail("\(ep).series", "expected at least one series") }
        for (s, series) in exhibit.series.enumerated() {
            let sp = "\(ep).series[\(s)]"
            try checkFilter(series.where, columns: cols, path: "\(sp).where")
            let kinds = [series.variable != nil, series.answers != nil, series.indicators != nil].filter { $0 }.count
            if kinds != 1 { throw fail(sp, "expected exactly one of \"variable\", \"answers\" or \"indicators\"") }
            if let v = series.variable {
                guard cols.contains(v) else { throw fail("\(sp).variable", "no column \"\(v)\" in \(exhibit.from)") }
                if series.bins == nil, let column = declaredColumn(of: exhibit.from, v), column.type != .code {
                    throw fail("\(sp).variable", "\"\(v)\" is \(column.type.rawValue); a frequency needs a code column or \"bins\"")
                }
            }
            if let a = series.answers {
                guard let long = columns[a.table] else { throw fail("\(sp).answers.table", "no table \"\(a.table)\"") }
                guard long.contains(a.variable) else { throw fail("\(sp).answers.variable", "no column \"\(a.variable)\" in \(a.table)") }
                guard table(a.table)?.parent != nil else { throw fail("\(sp).answers.table", "\(a.table) has no \"parent\": a long file must name its respondents") }
                try checkFilter(a.where, columns: long, path: "\(sp).answers.where")
            }
            for (i, ind) in (series.indicators ?? []).enumerated() {
                for v in ind.variables where !cols.contains(v) {
                    throw fail("\(sp).indicators[\(i)]", "no column \"\(v)\" in \(exhibit.from)")
                }
            }
        }
        if !["series", "categories"].contains(exhibit.layout.rows) {
            throw fail("\(ep).layout.rows", "expected \"series\" or \"categories\", found \"\(exhibit.layout.rows)\"")
        }
        for (i, v) in exhibit.layout.values.enumerated() where !["n", "percent"].contains(v) {
            throw fail("\(ep).layout.values[\(i)]", "expected \"n\" or \"percent\", found \"\(v)\"")
        }
        let shown = exhibit.layout.presentation
        if !["nchs", "none"].contains(shown.standard) {
            throw fail("\(ep).layout.presentation.standard", "expected \"nchs\" or \"none\", found \"\(shown.standard)\"")
        }
        for (key, v) in [("small_count", shown.smallCount), ("small_base", shown.smallBase)] where v < 0 {
            throw fail("\(ep).layout.presentation.\(key)", "expected a count of 0 or more (0: off), found \(v)")
        }
    }

    /// Statistics read numeric columns of a survey table or join, in a domain its columns define.
    private func validateStatistics() throws {
        var ids = Set<String>()
        for (i, statistic) in config.statistics.enumerated() {
            let sp = "$.statistics[\(i)]"
            guard ids.insert(statistic.id).inserted else { throw fail("\(sp).id", "duplicate statistic id \"\(statistic.id)\"") }
            guard let cols = columns[statistic.from] else { throw fail("\(sp).from", "no table or join \"\(statistic.from)\"") }
            if table(statistic.from)?.deliveries != nil { throw fail("\(sp).from", "\(statistic.from) is a census in the store; statistics are for survey tables") }
            try checkFilter(statistic.where, columns: cols, path: "\(sp).where")
            for (key, name) in [("variable", statistic.variable), ("denominator", statistic.denominator)] {
                guard let name else { continue }
                guard cols.contains(name) else { throw fail("\(sp).\(key)", "no column \"\(name)\" in \(statistic.from)") }
                if let column = declaredColumn(of: statistic.from, name), column.type != .integer && column.type != .decimal {
                    throw fail("\(sp).\(key)", "\"\(name)\" is \(column.type.rawValue); a \(statistic.estimate.rawValue) needs a numeric column")
                }
            }
            if (statistic.estimate == .ratio) != (statistic.denominator != nil) {
                throw fail("\(sp).denominator", "a ratio needs a \"denominator\", and only a ratio has one")
            }
        }
    }

    /// A diagram or timeline shows no data: it names its spec file and nothing to estimate.
    private func validateDrawing(_ exhibit: ExhibitConfig, path ep: String) throws {
        guard let spec = exhibit.spec else { throw fail("\(ep).spec", "a \(exhibit.kind.rawValue) needs \"spec\": the path of its spec file") }
        if !spec.hasSuffix(".json") { throw fail("\(ep).spec", "expected the path of a .json file, found \"\(spec)\"") }
        let reason = "a \(exhibit.kind.rawValue) is drawn from its spec, not computed from data"
        if !exhibit.from.isEmpty { throw fail("\(ep).from", reason) }
        if !exhibit.series.isEmpty { throw fail("\(ep).series", reason) }
        if exhibit.where != nil { throw fail("\(ep).where", reason) }
    }

    /// Design columns exist, are always present (a missing weight, stratum or PSU is a bad row), and weights
    /// and fpc are numbers.
    private func validateDesign(_ design: DesignConfig, of table: TableConfig, qualified: String, path: String) throws {
        if design.census && !design.columns.isEmpty { throw fail(path, "a census has no weight, strata, psu or fpc") }
        if design.census && design.quota { throw fail("\(path).quota", "a census is not a quota sample") }
        for (role, name) in design.columns {
            guard let column = table.column(name) else { throw fail("\(path).\(role)", "no column \"\(name)\" in \(qualified)") }
            if !column.required { throw fail("\(path).\(role)", "the design column \"\(name)\" must be required") }
            if (role == "weight" || role == "fpc") && column.type != .decimal && column.type != .integer {
                throw fail("\(path).\(role)", "expected a numeric column of \(qualified), found \"\(name)\" (\(column.type.rawValue))")
            }
        }
    }

    private func validateFormat(_ f: FormatConfig, path: String) throws {
        if f.delimiter.utf8.count != 1 || f.delimiter == "\"" || f.delimiter == "\n" || f.delimiter == "\r" {
            throw fail("\(path).delimiter", "expected one ASCII character other than a quote or line end, found \"\(f.delimiter)\"")
        }
        if f.decimal != "." && f.decimal != "," { throw fail("\(path).decimal", "expected \".\" or \",\", found \"\(f.decimal)\"") }
        if DatePattern(f.date) == nil { throw fail("\(path).date", "expected a pattern of dd, mm and yyyy such as \"dd.mm.yyyy\", found \"\(f.date)\"") }
        for (key, value, range) in [("max_fields", f.maxFields, FormatConfig.maxFieldsRange), ("max_record_bytes", f.maxRecordBytes, FormatConfig.maxRecordBytesRange)]
        where !range.contains(value) {
            throw fail("\(path).\(key)", "expected a whole number in \(range.lowerBound)...\(range.upperBound), found \(value)")
        }
    }

    private func checkOn(_ on: [String: String], left: Set<String>, right: Set<String>, path: String) throws {
        if on.isEmpty { throw fail(path, "expected at least one column pair") }
        for (l, r) in on {
            guard left.contains(l) else { throw fail("\(path).\(l)", "no column \"\(l)\"") }
            guard right.contains(r) else { throw fail("\(path).\(l)", "no column \"\(r)\" in the looked-up table") }
        }
    }

    func checkFilter(_ filter: [String: FilterValue]?, columns: Set<String>, path: String) throws {
        for (c, _) in filter ?? [:] where !columns.contains(c) { throw fail("\(path).\(c)", "no column \"\(c)\"") }
    }

    private func referenceExists(_ ref: String) -> Bool {
        let parts = ref.split(separator: ".").map(String.init)
        guard parts.count == 3 else { return false }
        return columns["\(parts[0]).\(parts[1])"]?.contains(parts[2]) ?? false
    }

    func table(_ qualified: String) -> TableConfig? {
        let parts = qualified.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        return config.sources.first { $0.id == parts[0] }?.tables.first { $0.id == parts[1] }
    }

    /// The declared column behind a name, following joins back to the table that holds it.
    func declaredColumn(of from: String, _ name: String) -> ColumnConfig? {
        if let t = table(from) { return t.column(name) }
        guard let join = config.joins.first(where: { $0.id == from }) else { return nil }
        if let lookup = join.lookup, lookup.add.contains(name) { return declaredColumn(of: lookup.table, name) }
        if join.count?.as == name { return nil }
        return declaredColumn(of: join.from, name)
    }

    func fail(_ path: String, _ message: String) -> MigstatError { .config(path: path, message: message) }
}
