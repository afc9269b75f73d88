import Aggregate
import Exhibits
import Foundation
import MigstatCore
import Store

/// The registry exhibits tallied from a delivery table's rows as the load's last merge emits them
/// (`DeliveryStore.finalRows`), instead of scanning the table afterwards: the same tallies and person entries
/// as `DeliveryExhibits`' scan (`ScanPart`), fed the packed rows; the same counting and estimates after.
/// Exact only because every row of the table passes once, its newest version: the store asks for that only
/// when the table was empty before the delivery. A row the scan would read differently (a real number, whose
/// text SQLite writes its own way, or a text in an integer column, which SQLite may turn into a number)
/// gives up the tally (`usable` false): the exhibits are then scanned as before.
// Unchecked: filled on the merge's thread, read once the load has returned.
public final class ExhibitTallies: FinalRowObserver, @unchecked Sendable {
    private let layout: ScanLayout
    private let workDirectory: String
    /// Where each scan column is in the table's columns, and whether the table declares it an integer.
    private let source: UnsafeMutableBufferPointer<Int>
    private let integer: UnsafeMutableBufferPointer<Bool>
    private let digits: UnsafeMutableRawPointer
    private var part: ScanPart?
    private var partitions = 1
    public private(set) var usable = false
    /// Entries per partition, as `DeliveryExhibits.entriesPerPartition`.
    public var entriesPerPartition = 1 << 17

    /// Nil when a column the exhibits read is missing or declared decimal (the scan reads SQLite's text of it).
    public init?(plans: [ExhibitPlan], table: TableConfig, workDirectory: String) throws {
        layout = try ScanLayout(plans)
        self.workDirectory = workDirectory
        var source: [Int] = [], integer: [Bool] = []
        for name in layout.columns {
            guard let i = table.columns.firstIndex(where: { $0.name == name }), table.columns[i].type != .decimal else { return nil }
            source.append(i); integer.append(table.columns[i].type == .integer)
        }
        self.source = .allocate(capacity: source.count)
        _ = self.source.initialize(from: source)
        self.integer = .allocate(capacity: integer.count)
        _ = self.integer.initialize(from: integer)
        digits = .allocate(byteCount: 24 * max(1, source.count), alignment: 8)
    }

    deinit { source.deallocate(); integer.deallocate(); digits.deallocate() }

    public func begin(rows: Int) throws {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        partitions = max(1, rows / entriesPerPartition + 1)
        part = try ScanPart(plans: layout.series, streams: layout.streams, directory: workDirectory, name: "merge", partitions: partitions)
        usable = false
    }

    public func observe(_ packed: PackedRow) throws {
        guard let part else { return }
        for i in 0..<source.count {
            switch packed.kind(source[i]) {
            case .real: return giveUp()
            case .text where integer[i]: return giveUp()
            default: continue
            }
        }
        try part.take(PackedScanRow(packed: packed, source: UnsafePointer(source.baseAddress!), digits: digits))
    }

    public func end() throws {
        try part?.finish()
        usable = part != nil
    }

    private func giveUp() { part = nil; try? FileManager.default.removeItem(atPath: workDirectory) }

    /// Deletes the entry files of tallies that will not be used.
    public func discard() { giveUp(); usable = false }

    /// The estimates of the given exhibits (a subset of the plans tallied, in their order), on two threads;
    /// the entry files are deleted.
    public func estimates(of exhibits: Set<String>, tables: [String: DataTable]) throws -> [Estimate] {
        guard usable, let part else { preconditionFailure("estimates of an unusable tally") }
        defer { try? FileManager.default.removeItem(atPath: workDirectory); usable = false; self.part = nil }
        let tallies = try layout.count([part], partitions: partitions, directory: workDirectory, threads: 2)
        let chosen = layout.series.indices.filter { exhibits.contains(layout.series[$0].exhibit.id) }
        return CensusEstimates(tables: tables).estimates(chosen.map { layout.series[$0] }, counts: chosen.map { tallies[$0] })
    }
}

/// A packed row read as a scan reads the store: a scan column's bytes are its text, an integer in decimal (as
/// SQLite gives it), nothing for NULL. A struct of plain pointers, as `ScanRow`: read for every column of
/// millions of rows, it does no reference counting.
private struct PackedScanRow: ScanRowBytes {
    unowned(unsafe) let packed: PackedRow
    let source: UnsafePointer<Int>
    /// A scratch buffer per scan column for an integer's digits.
    let digits: UnsafeMutableRawPointer

    func bytes(_ column: Int) -> UnsafeRawBufferPointer {
        let c = source[column]
        switch packed.kind(c) {
        case .text: return packed.text(c)
        case .integer: return decimal(packed.integer(c), into: digits + 24 * column)
        default: return UnsafeRawBufferPointer(start: nil, count: 0)
        }
    }

    func integer(_ column: Int) -> Int64 {
        let c = source[column]
        return packed.kind(c) == .integer ? packed.integer(c) : 0
    }

    private func decimal(_ value: Int64, into out: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
        var magnitude = value.magnitude, end = 24
        repeat { end -= 1; out.storeBytes(of: UInt8(48 + magnitude % 10), toByteOffset: end, as: UInt8.self); magnitude /= 10 } while magnitude > 0
        if value < 0 { end -= 1; out.storeBytes(of: UInt8(45), toByteOffset: end, as: UInt8.self) }
        return UnsafeRawBufferPointer(start: out + end, count: 24 - end)
    }
}
