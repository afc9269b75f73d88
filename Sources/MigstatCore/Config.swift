/// The model of `pipeline.json`: sources and their files, joins, and exhibits.
/// Everything the pipeline does to a study is declared here; Swift code never names a variable of a survey.
public struct PipelineConfig: Decodable, Sendable {
    public var version: Int
    public var study: StudyConfig
    public var sources: [SourceConfig]
    public var joins: [JoinConfig]
    public var exhibits: [ExhibitConfig]
    public var indicators: IndicatorsConfig?
    /// Means, totals and ratios with their design-based uncertainty (statistics.csv).
    public var statistics: [StatisticConfig]
    public var contrasts: [ContrastConfig]   // differences between two series of an exhibit (contrasts.csv)
    /// A PostgreSQL database for the store (`postgresql://…`), instead of migration.sqlite in the output; `--store`
    /// wins over it. A password belongs in PGPASSWORD or ~/.pgpass, not here.
    public var store: String?
    /// The schema in that database the tables go to (default `public`); `--store-schema` wins over it.
    public var storeSchema: String?

    /// `$schema` names the JSON Schema editors check the file against; migstat accepts it and checks with its own.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case schema = "$schema", version, study, sources, joins, exhibits, indicators, statistics, contrasts, store, storeSchema = "store_schema"
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeWholeNumber(forKey: .version)
        study = try c.decode(StudyConfig.self, forKey: .study)
        sources = try c.decode([SourceConfig].self, forKey: .sources)
        joins = try c.decodeIfPresent([JoinConfig].self, forKey: .joins) ?? []
        exhibits = try c.decode([ExhibitConfig].self, forKey: .exhibits)
        indicators = try c.decodeIfPresent(IndicatorsConfig.self, forKey: .indicators)
        statistics = try c.decodeIfPresent([StatisticConfig].self, forKey: .statistics) ?? []
        contrasts = try c.decodeIfPresent([ContrastConfig].self, forKey: .contrasts) ?? []
        store = try c.decodeIfPresent(String.self, forKey: .store)
        storeSchema = try c.decodeIfPresent(String.self, forKey: .storeSchema)
        for i in exhibits.indices { (exhibits[i].modelBasedIntervals, exhibits[i].calibrationNote) = (isQuotaSample(exhibits[i].from), calibrationNote(exhibits[i].from)) }
    }

    /// Whether the units of `from` ("source.table" or a join, which keeps its `from` table's design) come from
    /// a quota sample.
    public func isQuotaSample(_ from: String, depth: Int = 0) -> Bool {
        if let join = joins.first(where: { $0.id == from }) { return depth < joins.count && isQuotaSample(join.from, depth: depth + 1) }
        let parts = from.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let table = sources.first(where: { $0.id == parts[0] })?.tables.first(where: { $0.id == parts[1] }) else { return false }
        return table.design?.quota ?? false
    }
}

public struct StudyConfig: Decodable, Sendable {
    public var title: String
    public var citation: String?
    /// Path (relative to the config file) of the published-values file; only the verify stage reads it.
    public var publishedValues: String
    /// The study's List of Tables and List of Figures, merged in the order the exhibits appear in the study:
    /// what a complete regeneration must contain, and the order of the report.
    public var contents: [ContentsEntry]
    enum CodingKeys: String, CodingKey, CaseIterable { case title, citation, publishedValues = "published_values", contents }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        citation = try c.decodeIfPresent(String.self, forKey: .citation)
        publishedValues = try c.decode(String.self, forKey: .publishedValues)
        contents = try c.decodeIfPresent([ContentsEntry].self, forKey: .contents) ?? []
    }
}

/// One line of the study's lists of tables and figures.
public struct ContentsEntry: Decodable, Sendable, Equatable {
    /// As an exhibit's `number`: "Table 4.1", "Figure 2.1".
    public var number: String
    public var title: String
    public var page: Int?
    public init(number: String, title: String, page: Int? = nil) { self.number = number; self.title = title; self.page = page }
    enum CodingKeys: String, CodingKey, CaseIterable { case number, title, page }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(String.self, forKey: .number)
        title = try c.decode(String.self, forKey: .title)
        page = try c.decodeWholeNumberIfPresent(forKey: .page)
    }
}

public enum SourceMode: String, Decodable, Sendable, CaseIterable { case strict, lenient }

public struct SourceConfig: Decodable, Sendable {
    public var id: String
    public var title: String
    public var citation: String?
    public var mode: SourceMode
    public var format: FormatConfig
    public var codebook: CodebookConfig?
    public var tables: [TableConfig]
    /// The most of its rows a source may lose to the quarantine (`max_quarantined`); nil: `QuarantineLimit.standard`.
    public var maxQuarantined: QuarantineLimit?

    enum CodingKeys: String, CodingKey, CaseIterable { case id, title, citation, mode, format, codebook, tables, maxQuarantined = "max_quarantined" }
}

public enum TextEncoding: String, Decodable, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1251 = "windows-1251"

    /// Accepts the spellings met in the field (`UTF8`, `cp1251`, ...).
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "windows-1251", "cp1251", "windows1251": self = .windows1251
        default: return nil
        }
    }
    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let e = TextEncoding(name: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected one of utf-8, windows-1251 (cp1251), found \"\(raw)\""))
        }
        self = e
    }
}

public struct FormatConfig: Decodable, Sendable {
    public var encoding: TextEncoding
    public var delimiter: String
    /// The decimal mark of numbers: "." or ",".
    public var decimal: String
    /// Date pattern built from dd, mm and yyyy, e.g. "dd.mm.yyyy" or "yyyy-mm-dd".
    public var date: String
    /// The most fields a record may have (`max_fields`), and the most bytes its fields may hold together
    /// (`max_record_bytes`): a longer record is quarantined (lenient) or an error (strict), read in bounded memory.
    public var maxFields: Int
    public var maxRecordBytes: Int
    public static let defaultMaxFields = 1_000
    public static let defaultMaxRecordBytes = 16 << 20
    /// What `check` accepts for them: past these a single record could take gigabytes.
    public static let maxFieldsRange = 1...1_000_000
    public static let maxRecordBytesRange = 1...(1 << 30)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case encoding, delimiter, decimal, date, maxFields = "max_fields", maxRecordBytes = "max_record_bytes"
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        encoding = try c.decode(TextEncoding.self, forKey: .encoding)
        delimiter = try c.decode(String.self, forKey: .delimiter)
        decimal = try c.decodeIfPresent(String.self, forKey: .decimal) ?? "."
        date = try c.decodeIfPresent(String.self, forKey: .date) ?? "yyyy-mm-dd"
        maxFields = try c.decodeIfPresent(Int.self, forKey: .maxFields) ?? Self.defaultMaxFields
        maxRecordBytes = try c.decodeIfPresent(Int.self, forKey: .maxRecordBytes) ?? Self.defaultMaxRecordBytes
    }
    public init(encoding: TextEncoding = .utf8, delimiter: String = ",", decimal: String = ".", date: String = "yyyy-mm-dd",
                maxFields: Int = FormatConfig.defaultMaxFields, maxRecordBytes: Int = FormatConfig.defaultMaxRecordBytes) {
        self.encoding = encoding; self.delimiter = delimiter; self.decimal = decimal; self.date = date
        self.maxFields = maxFields; self.maxRecordBytes = maxRecordBytes
    }
}

/// A provider's codebook file: one row per variable and code, with labels per language.
public struct CodebookConfig: Decodable, Sendable {
    public var file: String
    public var variable: String
    public var code: String
    /// Language → column holding the label in that language, e.g. {"en": "label_en", "ru": "label_ru"}.
    public var labels: [String: String]
    enum CodingKeys: String, CodingKey, CaseIterable { case file, variable, code, labels }
}

public struct TableConfig: Decodable, Sendable {
    public var id: String
    public var file: String
    /// One line that states what a row is ("one row per respondent").
    public var grain: String
    public var key: [String]
    /// How the table was sampled (weights, strata, PSUs); nil for a child table, which takes its parent's design.
    public var design: DesignConfig?
    /// The design's weight column, if any.
    public var weight: String? { design?.weight }
    /// For a child file (long answers, members): the parent table and the key columns that point at it.
    public var parent: ParentConfig?
    public var columns: [ColumnConfig]
    /// A table delivered as a series of files (registry deliveries): a glob such as "registry/registry_*.csv",
    /// loaded in file-name order into the store, never held in memory. `file` then defaults to the glob.
    public var deliveries: String?
    /// How a later delivery's row replaces an earlier one with the same key (with `deliveries`).
    public var upsert: UpsertConfig?
    /// The most of a delivery's rows that may be quarantined (`max_quarantined`, with `deliveries` only).
    public var maxQuarantined: QuarantineLimit?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, file, grain, key, weight, design, parent, columns, deliveries, upsert, maxQuarantined = "max_quarantined"
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        deliveries = try c.decodeIfPresent(String.self, forKey: .deliveries)
        upsert = try c.decodeIfPresent(UpsertConfig.self, forKey: .upsert)
        maxQuarantined = try c.decodeIfPresent(QuarantineLimit.self, forKey: .maxQuarantined)
        file = try deliveries.map { try c.decodeIfPresent(String.self, forKey: .file) ?? $0 } ?? c.decode(String.self, forKey: .file)
        grain = try c.decode(String.self, forKey: .grain)
        key = try c.decodeIfPresent([String].self, forKey: .key) ?? []
        // `weight` alone is shorthand for a weighted simple random sample: {"design": {"weight": …}}.
        let weight = try c.decodeIfPresent(String.self, forKey: .weight)
        design = try c.decodeIfPresent(DesignConfig.self, forKey: .design)
        if let weight {
            guard design == nil else {
                throw DecodingError.dataCorruptedError(forKey: .weight, in: c, debugDescription: "give the weight in \"design\" only, not both")
            }
            design = DesignConfig(weight: weight)
        }
        parent = try c.decodeIfPresent(ParentConfig.self, forKey: .parent)
        columns = try c.decode([ColumnConfig].self, forKey: .columns)
    }
    public func column(_ name: String) -> ColumnConfig? { columns.first { $0.name == name } }
}

public struct ParentConfig: Decodable, Sendable {
    public init(table: String, columns: [String]) { self.table = table; self.columns = columns }
    /// Table id within the same source.
    public var table: String
    /// Columns of this table that hold the parent's key, in the order of the parent's `key`.
    public var columns: [String]
    enum CodingKeys: String, CodingKey, CaseIterable { case table, columns }
}

/// How a row of a later delivery replaces the row with the same key: the newest `version` wins, an older one
/// never replaces a newer one, and on a tie the later delivery by file name wins.
public struct UpsertConfig: Decodable, Sendable, Equatable {
    public var key: String
    public var version: String
    enum CodingKeys: String, CodingKey, CaseIterable { case key, version }
}

/// `timestamp` is ISO 8601 date and time, stored in UTC as `yyyy-mm-ddThh:mm:ss[.fff]Z`.
public enum ColumnType: String, Decodable, Sendable, CaseIterable { case integer, decimal, date, text, code, timestamp }

/// A variable's level of measurement, as SPSS records it (Stata has none).
public enum MeasureLevel: String, Decodable, Sendable, CaseIterable { case nominal, ordinal, scale }

public struct CodeConfig: Decodable, Sendable, Equatable {
    public var code: String
    /// The stable category name used in estimates.csv.
    public var name: String
    public var label: String?
    public init(code: String, name: String, label: String? = nil) { self.code = code; self.name = name; self.label = label }
    enum CodingKeys: String, CodingKey, CaseIterable { case code, name, label }
}

public struct ColumnConfig: Decodable, Sendable {
    public var name: String
    public var type: ColumnType
    public var codes: [CodeConfig]
    /// Codes that mean "no answer": kept in the normalized table, excluded from every base.
    public var noAnswer: [String]
    public var range: [Double?]?
    /// "source.table.column" whose values this column must take.
    public var references: String?
    public var required: Bool
    /// Free text resolved to a code through a reference table's names and aliases.
    public var resolve: ResolveConfig?
    /// Declared level of measurement; absent, codes and text are nominal, numbers and dates scale.
    public var measure: MeasureLevel?
    /// From the codebook, not pipeline.json: the question's label by language ("en", "ru"), and every code's
    /// labels by code and language ("no answer" codes included), for the store, the exports and the data package.
    public var labels: [String: String] = [:]
    public var codeLabels: [String: [String: String]] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case name, type, codes, noAnswer = "no_answer", range, references, required, resolve, measure }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(ColumnType.self, forKey: .type)
        codes = try c.decodeIfPresent([CodeConfig].self, forKey: .codes) ?? []
        noAnswer = try c.decodeIfPresent([String].self, forKey: .noAnswer) ?? []
        range = try c.decodeIfPresent([Double?].self, forKey: .range)
        references = try c.decodeIfPresent(String.self, forKey: .references)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        resolve = try c.decodeIfPresent(ResolveConfig.self, forKey: .resolve)
        measure = try c.decodeIfPresent(MeasureLevel.self, forKey: .measure)
    }
    public init(name: String, type: ColumnType, codes: [CodeConfig] = [], noAnswer: [String] = [],
                range: [Double?]? = nil, references: String? = nil, required: Bool = true) {
        self.name = name; self.type = type; self.codes = codes; self.noAnswer = noAnswer
        self.range = range; self.references = references; self.required = required
    }
}

/// How free text finds its code: trimmed, case-insensitive (Unicode-aware) match against a reference table's
/// key, its name columns, and its `separator`-separated alias list. The code goes into a new column `as`.
public struct ResolveConfig: Decodable, Sendable {
    /// "source.table" of the reference table.
    public var table: String
    public var key: String
    /// Columns whose values also name the row (the key always does).
    public var names: [String]
    /// Column holding the alias list, and its separator.
    public var aliases: String?
    public var separator: String?
    /// Name of the new code column; its labels are the reference's first `names` column.
    public var `as`: String
    enum CodingKeys: String, CodingKey, CaseIterable { case table, key, names, aliases, separator, `as` }
}
