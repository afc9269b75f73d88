/// `max_quarantined`: a count of rows at least 0, or a percentage in 0...100; on a table only with `deliveries`
/// (a survey table's rows count toward its source's limit).
extension ConfigValidator {
    func validateThresholds() throws {
        for (s, source) in config.sources.enumerated() {
            try checkLimit(source.maxQuarantined, path: "$.sources[\(s)].max_quarantined")
            for (t, table) in source.tables.enumerated() {
                let path = "$.sources[\(s)].tables[\(t)].max_quarantined"
                if table.maxQuarantined != nil && table.deliveries == nil {
                    throw fail(path, "only a delivery table has its own limit; give a survey table's on its source")
                }
                try checkLimit(table.maxQuarantined, path: path)
            }
        }
    }

    private func checkLimit(_ limit: QuarantineLimit?, path: String) throws {
        switch limit {
        case .count(let n)? where n < 0: throw fail(path, "expected a count of rows of at least 0, found \(n)")
        case .percent(let p)? where !(0...100).contains(p): throw fail(path, "expected a percentage in 0%...100%, found \(p)%")
        default: break
        }
    }
}
