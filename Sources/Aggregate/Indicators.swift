import MigstatCore

/// One row of indicators.csv.
public struct Indicator: Sendable, Equatable {
    public var indicator: String
    public var period: String
    public var value: Double
    public var unit: String
    public var derived: Bool
}

/// The official indicators as delivered, followed by those derived from them.
public enum IndicatorCalculator {
    public static func compute(_ config: IndicatorsConfig, tables: [String: DataTable]) throws -> [Indicator] {
        guard let t = tables[config.from], let i = t.index(of: "indicator"), let p = t.index(of: "period"),
              let v = t.index(of: "value"), let u = t.index(of: "unit") else {
            throw MigstatError.config(path: "$.indicators.from", message: "no table \"\(config.from)\" with indicator, period, value, unit")
        }
        var out = t.rows.compactMap { row in
            row[v].number.map { Indicator(indicator: row[i].key, period: row[p].key, value: $0, unit: row[u].key, derived: false) }
        }
        var known: [IndicatorRef: Double] = [:]
        for x in out { known[IndicatorRef(indicator: x.indicator, period: x.period)] = x.value }
        for (k, d) in config.derived.enumerated() {
            func value(_ ref: IndicatorRef, _ name: String) throws -> Double {
                guard let x = known[ref] else {
                    throw MigstatError.config(path: "$.indicators.derived[\(k)].\(name)",
                                              message: "no indicator \"\(ref.indicator)\" for period \"\(ref.period)\" in \(config.from) or earlier derived ones")
                }
                return x
            }
            let a = try value(d.a, "a"), b = try value(d.b, "b")
            let result: Double
            switch d.op {
            case .growth: result = (b / a - 1) * 100
            case .share: result = a / b * 100
            case .ratio: result = a / b
            case .percentOf: result = a * b / 100
            }
            guard result.isFinite else {
                throw MigstatError.config(path: "$.indicators.derived[\(k)]", message: "\(d.op.rawValue) of \(a) and \(b) is not a number")
            }
            out.append(Indicator(indicator: d.indicator, period: d.period, value: result, unit: d.unit, derived: true))
            known[IndicatorRef(indicator: d.indicator, period: d.period)] = result
        }
        return out
    }
}
