/// The shape of pipeline.json, built from the model's CodingKeys (so every key the model decodes is listed, and
/// only those). Semantic rules (ids resolve, codes exist, one of "lookup" or "count") are ConfigValidator's.
extension ConfigShape {
    public static let pipeline: ConfigShape = object(PipelineConfig.CodingKeys.self, required: [.version, .study, .sources, .exhibits],
                                                     description: "migstat's declaration of a study: its sources, joins, exhibits and statistics") {
        switch $0 {
        case .schema: .string(description: "the JSON Schema of this file (schema/pipeline.schema.json), for editors")
        case .version: .integer(minimum: 1, maximum: 1)
        case .study: study
        case .sources: .array(source)
        case .joins: .array(join)
        case .exhibits: .array(exhibit)
        case .indicators: indicators
        case .statistics: .array(statistic)
        case .contrasts: .array(contrast)
        case .store: .string(description: "a PostgreSQL database for the store, as a libpq URL (postgresql://user@host:5432/db); "
                             + "migration.sqlite in the output when absent; --store wins over it")
        case .storeSchema: word
        }
    }

    static let study = object(StudyConfig.CodingKeys.self, required: [.title, .publishedValues]) {
        switch $0 {
        case .title, .citation, .publishedValues: text
        case .contents: .array(object(ContentsEntry.CodingKeys.self, required: [.number, .title]) {
            switch $0 {
            case .number, .title: text
            case .page: .integer(minimum: 1, maximum: 100_000)
            }
        })
        }
    }

    static let source = object(SourceConfig.CodingKeys.self, required: [.id, .title, .mode, .format, .tables]) {
        switch $0 {
        case .id: word
        case .title, .citation: text
        case .mode: oneOf(SourceMode.self)
        case .format: object(FormatConfig.CodingKeys.self, required: [.encoding, .delimiter]) {
            switch $0 {
            case .encoding: .string(description: "utf-8 or windows-1251 (also utf8, cp1251, in any case)")
            case .delimiter, .date: text
            case .decimal: .string(oneOf: [".", ","])
            case .maxFields: .integer(minimum: FormatConfig.maxFieldsRange.lowerBound, maximum: FormatConfig.maxFieldsRange.upperBound)
            case .maxRecordBytes: .integer(minimum: FormatConfig.maxRecordBytesRange.lowerBound, maximum: FormatConfig.maxRecordBytesRange.upperBound)
            }
        }
        case .codebook: object(CodebookConfig.CodingKeys.self, required: [.file, .variable, .code, .labels]) {
            switch $0 {
            case .file, .variable, .code: text
            case .labels: .map(text, description: "language → the codebook column holding labels in it")
            }
        }
        case .tables: .array(table)
        case .maxQuarantined: quarantineLimit
        }
    }

    /// `max_quarantined`: a count of rows, or a percentage of the rows read ("5%").
    static let quarantineLimit = ConfigShape.anyOf([.integer(minimum: 0, maximum: Int.max), .string(description: "a percentage of the rows read, e.g. \"5%\"")])

    static let table = object(TableConfig.CodingKeys.self, required: [.id, .grain, .columns]) {
        switch $0 {
        case .id: word
        case .file, .grain, .deliveries, .weight: text
        case .key: texts
        case .design: object(DesignConfig.CodingKeys.self) {
            switch $0 {
            case .weight, .psu, .fpc: text
            case .strata: textOrTexts()
            case .census, .quota: .boolean
            case .lonelyPSU: oneOf(LonelyPSU.self)
            case .calibration: object(CalibrationConfig.CodingKeys.self, required: [.totals, .count]) {
                switch $0 {
                case .totals, .count: text
                case .postStrata, .rake: texts
                case .scope: oneOf(CalibrationConfig.Scope.self)
                }
            }
            }
        }
        case .parent: object(ParentConfig.CodingKeys.self, required: [.table, .columns]) {
            switch $0 {
            case .table: text
            case .columns: texts
            }
        }
        case .columns: .array(column)
        case .maxQuarantined: quarantineLimit
        case .upsert: object(UpsertConfig.CodingKeys.self, required: [.key, .version]) { _ in text }
        }
    }

    static let column = object(ColumnConfig.CodingKeys.self, required: [.name, .type]) {
        switch $0 {
        case .name: word
        case .type: oneOf(ColumnType.self)
        case .codes: .array(object(CodeConfig.CodingKeys.self, required: [.code, .name]) {
            switch $0 {
            case .code, .label: text
            case .name: word
            }
        })
        case .noAnswer: texts
        case .range: .array(.anyOf([.number, .null]), minItems: 2)
        case .references: text
        case .required: .boolean
        case .measure: oneOf(MeasureLevel.self)
        case .resolve: object(ResolveConfig.CodingKeys.self, required: [.table, .key, .names, .as]) {
            switch $0 {
            case .table, .key, .aliases, .separator: text
            case .names: texts
            case .as: word
            }
        }
        }
    }

    /// A filter's right-hand side: a value, any of several values, or a numeric range.
    static let filter = map(.anyOf([text, texts, object(FilterValue.RangeKeys.self) { _ in .number }]),
                            description: "column → a value, a list of values, or {\"min\": x, \"max\": y}")

    static let join = object(JoinConfig.CodingKeys.self, required: [.id, .from, .grain]) {
        switch $0 {
        case .id: word
        case .from, .grain: text
        case .lookup: object(LookupConfig.CodingKeys.self, required: [.table, .on, .add]) {
            switch $0 {
            case .table: text
            case .on: .map(text, description: "column of from → key column of table")
            case .add: texts
            }
        }
        case .count: object(CountConfig.CodingKeys.self, required: [.table, .on, .as]) {
            switch $0 {
            case .table: text
            case .on: .map(text, description: "column of from → column of table")
            case .where: filter
            case .as: word
            }
        }
        }
    }

    static let exhibit = object(ExhibitConfig.CodingKeys.self, required: [.id, .number, .kind, .title, .sourceNote]) {
        switch $0 {
        case .id: word
        case .number, .title, .from, .sourceNote, .spec: text
        case .kind: oneOf(ExhibitKind.self)
        case .where: filter
        case .series: .array(series)
        case .layout: layout
        }
    }

    static let series = object(SeriesConfig.CodingKeys.self, required: [.id]) {
        switch $0 {
        case .id: word
        case .label, .variable, .unit, .labelsFrom: text
        case .where: filter
        case .bins: .array(object(BinConfig.CodingKeys.self, required: [.name]) {
            switch $0 {
            case .name: word
            case .label: text
            case .min, .max: .number
            }
        }, minItems: 1)
        case .answers: object(AnswersConfig.CodingKeys.self, required: [.table, .variable]) {
            switch $0 {
            case .table, .variable: text
            case .where: filter
            }
        }
        case .indicators: .array(object(IndicatorConfig.CodingKeys.self, required: [.category, .equals]) {
            switch $0 {
            case .category: word
            case .label, .variable: text
            case .any: .array(text, minItems: 1)
            case .equals: .anyOf([text, texts, object(FilterValue.RangeKeys.self) { _ in .number }])
            }
        })
        case .occurringOnly: .boolean
        case .splitBy: object(SplitConfig.CodingKeys.self, required: [.column]) {
            switch $0 {
            case .column: text
            case .period: .string(oneOf: ["month"])
            }
        }
        }
    }

    static let layout = object(LayoutConfig.CodingKeys.self) {
        switch $0 {
        case .rows: .string(oneOf: ["series", "categories"])
        case .values: .array(.string(oneOf: ["n", "percent"]))
        case .decimals: .integer(minimum: 0, maximum: 10)
        case .hide: texts
        case .categoryLabels: .map(text, description: "category name → the label printed")
        case .stubHeader, .valueHeader, .countHeader: text
        case .presentation: object(PresentationConfig.CodingKeys.self) {
            switch $0 {
            case .standard: .string(oneOf: ["nchs", "none"])
            case .smallCount, .smallBase: .integer(minimum: 0, maximum: 1_000_000)
            }
        }
        }
    }

    static let indicators = object(IndicatorsConfig.CodingKeys.self, required: [.from, .derived]) {
        switch $0 {
        case .from: text
        case .derived: .array(object(DerivedIndicatorConfig.CodingKeys.self, required: [.indicator, .period, .unit, .op, .a, .b]) {
            switch $0 {
            case .indicator, .period, .unit, .note: text
            case .op: oneOf(DerivedOperation.self)
            case .a, .b: object(IndicatorRef.CodingKeys.self, required: [.indicator, .period]) { _ in text }
            }
        })
        }
    }

    static let contrast = object(ContrastConfig.CodingKeys.self, required: [.id, .exhibit, .category, .seriesA, .seriesB]) { _ in word }

    static let statistic = object(StatisticConfig.CodingKeys.self, required: [.id, .label, .from, .estimate, .variable]) {
        switch $0 {
        case .id: word
        case .label, .from, .variable, .denominator: text
        case .where: filter
        case .estimate: oneOf(StatisticConfig.Kind.self)
        case .calibrated: .boolean
        }
    }
}
