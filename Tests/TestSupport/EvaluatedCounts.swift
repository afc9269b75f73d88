import MigstatCore

/// What every evaluator of an exhibit plan must agree on: per exhibit, series and category, in order, the count
/// and its base. A series with nothing in any base is left out: the survey aggregator lists every code of a
/// split, the registry's engines only the values met.
public struct EvaluatedCounts: Equatable, CustomStringConvertible {
    public struct Cell: Equatable { public let exhibit, series, category: String; public let n, base: Int }
    public let cells: [Cell]

    public init(_ estimates: [Estimate]) {
        let all = estimates.map { Cell(exhibit: $0.exhibit, series: $0.series, category: $0.category, n: $0.n, base: $0.baseN) }
        let counted = Set(all.filter { $0.base > 0 }.map { "\($0.exhibit)|\($0.series)" })
        cells = all.filter { counted.contains("\($0.exhibit)|\($0.series)") }
    }

    private init(cells: [Cell]) { self.cells = cells }

    /// The cells of these exhibits.
    public func only(_ exhibits: Set<String>) -> EvaluatedCounts { EvaluatedCounts(cells: cells.filter { exhibits.contains($0.exhibit) }) }

    public var description: String {
        cells.map { "\($0.exhibit)/\($0.series)/\($0.category): \($0.n) of \($0.base)" }.joined(separator: "\n")
    }
}
