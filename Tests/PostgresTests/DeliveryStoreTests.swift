import Foundation
import MigstatCore
import Postgres
import Store
import TestSupport
import XCTest

/// PostgresDeliveryStore keeps what UpsertRule keeps: random deliveries, loaded as the loader does (begin,
/// batches, finish), give the table the rule gives row by row, and the same table as the SQLite store
/// given the same batches; a delivery is whole or absent, also when its connection is lost.
final class DeliveryStoreTests: XCTestCase {
    /// Canonical timestamps as the cleaner writes them, and their instant in microseconds (written out by hand,
    /// not through UpsertRule's parser). Repeats of one make ties.
    static let versions: [(text: String, micros: Int64)] = [
        ("2014-01-01T00:00:00Z", 1_388_534_400_000_000),
        ("2014-01-01T00:00:00.5Z", 1_388_534_400_500_000),
        ("2013-12-31T23:59:59.999999Z", 1_388_534_399_999_999),
        ("2014-01-02T00:00:00Z", 1_388_620_800_000_000),
    ]
    static let statuses = ["registered", "expired\tfor now", "снят с учёта", "line\nbreak \\ slash", ""]
    static let files = ["registry_20140101.csv", "registry_20140115.csv", "registry_20140201.csv", "registry_20140301.csv"]

    struct Row: Equatable { var id: Int; var version: Int; var status: String?; var amount: Double?; var count: Int64? }

    static func columns(integerKeys: Bool) -> [ColumnConfig] {
        [ColumnConfig(name: "record_id", type: integerKeys ? .integer : .text), ColumnConfig(name: "status", type: .text),
         ColumnConfig(name: "amount", type: .decimal), ColumnConfig(name: "count", type: .integer),
         ColumnConfig(name: "updated_at", type: .timestamp)]
    }

    static let upsert = try! JSONDecoder().decode(UpsertConfig.self, from: Data(#"{"key": "record_id", "version": "updated_at"}"#.utf8))

    /// Text keys that do not sort as numbers (R7 > R12), or integer keys.
    static func key(_ id: Int, integerKeys: Bool) -> Value { integerKeys ? .integer(Int64(id)) : .text("R\(id)") }

    /// Loads a file's rows as the loader does: begin, batches of `batchRows`, finish. Line = index + 2 (1 is the header).
    static func load(_ file: String, _ rows: [Row], integerKeys: Bool, batchRows: Int, into sink: DeliverySink) throws {
        try sink.begin(file: file)
        let batch = RowBatch(columns: 5, capacity: batchRows)
        var quarantined = 0
        func hand() throws { try sink.write(batch); batch.reset() }
        for (i, row) in rows.enumerated() {
            batch.beginRow()
            switch key(row.id, integerKeys: integerKeys) {
            case .integer(let k): batch.setInteger(0, k)
            case let k: batch.setText(0, k.key)
            }
            if let s = row.status { batch.setText(1, s) } else { batch.setNull(1) }
            if let a = row.amount { batch.setReal(2, a) } else { batch.setNull(2) }
            if let c = row.count { batch.setInteger(3, c) } else { batch.setNull(3) }
            batch.setText(4, versions[row.version].text)
            batch.commitRow(line: i + 2)
            // Every seventh row also has a quarantined neighbour, as a cleaner reports one.
            if i % 7 == 3 {
                batch.quarantine.append(QuarantineRecord(source: "registry", file: file, line: 1000 + i,
                                                         column: "status", value: "bad\tvalue \(i)", reason: "not a code"))
                quarantined += 1
            }
            if batch.isFull { try hand() }
        }
        if batch.count > 0 || !batch.quarantine.isEmpty { try hand() }
        try sink.finish(LoadedDelivery(file: file, sha256: "sha-\(file)", bytes: rows.count * 10, read: rows.count + quarantined,
                                       loaded: rows.count, quarantined: quarantined))
    }

    static let tableQuery = """
        SELECT r.record_id, r.status, r.amount, r.count, r.updated_at, r.row_version, d.file, r.source_line
        FROM stg_registry_records r JOIN deliveries d ON d.id = r.delivery_id
        """
    static let quarantineQuery = "SELECT source, file, line, column_name, value, reason FROM quarantine"

    static func sorted(_ rows: [[Value]]) -> [[Value]] { rows.sorted { $0.lexicographicallyPrecedes($1) } }

    func schema(_ name: String = #function) -> String { "t_" + name.filter { $0.isLetter || $0.isNumber }.lowercased() + "_\(getpid())" }

    func testRandomDeliveriesLoadAsTheRuleAppliedRowByRowAndAsTheSQLiteStore() throws {
        let cluster = try TestCluster.start()
        let connection = try PostgresConnection(cluster.url())
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-pg-sqlite-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var loads = 0
        for seed in 1...24 {
            var random = SplitMix64(seed: UInt64(seed))
            let integerKeys = seed % 2 == 0
            var contents: [String: [Row]] = [:]
            for file in Self.files {
                let keySpace = 1 + random.next(30)
                contents[file] = (0..<random.next(60)).map { _ in
                    Row(id: 1 + random.next(keySpace) * (1 + random.next(3)), version: random.next(Self.versions.count),
                        status: random.next(6) == 0 ? nil : Self.statuses[random.next(Self.statuses.count)],
                        amount: random.next(5) == 0 ? nil : Double(random.next(100_000)) / 7,
                        count: random.next(5) == 0 ? nil : Int64(random.next(1000)) - 500)
                }
            }
            let schema = "prop_\(seed)_\(getpid())"
            try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
            let columns = Self.columns(integerKeys: integerKeys)
            let postgres = try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: "stg_registry_records",
                                                     columns: columns, upsert: Self.upsert)
            let sqlite = try DeliveryStore(path: scratch.appendingPathComponent("s\(seed).sqlite").path, source: "registry",
                                           tableName: "stg_registry_records", columns: columns, upsert: Self.upsert, heldBackBytes: 300)
            // The oracle: per key the row kept so far, with its (instant, file, line).
            var oracle: [Int: (row: Row, file: String, line: Int)] = [:]
            for _ in 0..<(2 + random.next(5)) {
                let file = Self.files[random.next(Self.files.count)]
                let batchRows = [1, 3, 16, 4096][random.next(4)]
                try Self.load(file, contents[file]!, integerKeys: integerKeys, batchRows: batchRows, into: postgres)
                try Self.load(file, contents[file]!, integerKeys: integerKeys, batchRows: batchRows, into: sqlite)
                loads += 1
                for (i, row) in contents[file]!.enumerated() {
                    if let kept = oracle[row.id],
                       !((Self.versions[row.version].micros, file, i + 2) > (Self.versions[kept.row.version].micros, kept.file, kept.line)) { continue }
                    oracle[row.id] = (row, file, i + 2)
                }
                let expected = Self.sorted(oracle.map { id, k in
                    [Self.key(id, integerKeys: integerKeys), k.row.status.map(Value.text) ?? .null, k.row.amount.map(Value.real) ?? .null,
                     k.row.count.map(Value.integer) ?? .null, .text(Self.versions[k.row.version].text), .integer(Self.versions[k.row.version].micros),
                     .text(k.file), .integer(Int64(k.line))]
                })
                let inPostgres = Self.sorted(try connection.query(Self.tableQuery))
                let context = "seed \(seed), \(integerKeys ? "integer" : "text") keys, batches of \(batchRows), after loading \(file)"
                XCTAssertEqual(inPostgres, expected, context)
                XCTAssertEqual(inPostgres, Self.sorted(try sqlite.database.prepare(Self.tableQuery).rows()), context)
                XCTAssertEqual(Self.sorted(try connection.query(Self.quarantineQuery)),
                               Self.sorted(try sqlite.database.prepare(Self.quarantineQuery).rows()), context)
                XCTAssertEqual(try postgres.loadedDeliveries(), try sqlite.loadedDeliveries(), context)
                if inPostgres != expected { return }
            }
            try connection.execute("DROP SCHEMA \(schema) CASCADE")
        }
        XCTAssertGreaterThan(loads, 80)
    }

    /// The backend is terminated between two batches: the load fails with connectionLost, and after
    /// reconnecting the table, deliveries and quarantine are as before the delivery began.
    func testALostConnectionLeavesTheDeliveryOut() throws {
        let cluster = try TestCluster.start()
        let schema = schema()
        let admin = try PostgresConnection(cluster.url())
        try admin.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        let columns = Self.columns(integerKeys: false)
        func store(_ connection: PostgresConnection) throws -> PostgresDeliveryStore {
            try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: "stg_registry_records",
                                      columns: columns, upsert: Self.upsert)
        }
        let first = (0..<500).map { Row(id: $0, version: 0, status: "first", amount: 1, count: 1) }
        let loading = try PostgresConnection(cluster.url())
        let sink = try store(loading)
        try Self.load(Self.files[0], first, integerKeys: false, batchRows: 64, into: sink)
        let before = try admin.query("SELECT * FROM \(schema).stg_registry_records ORDER BY record_id")
        let deliveriesBefore = try sink.loadedDeliveries()
        let quarantineBefore = try admin.query("SELECT * FROM \(schema).quarantine ORDER BY line")

        // The second delivery replaces every row (newer) and adds new keys: none of it may survive.
        let second = (0..<5_000).map { Row(id: $0, version: 3, status: "second", amount: 2, count: 2) }
        try sink.begin(file: Self.files[1])
        let batch = RowBatch(columns: 5, capacity: 2_500)
        func fill(_ rows: ArraySlice<Row>) {
            batch.reset()
            for row in rows {
                batch.beginRow()
                batch.setText(0, "R\(row.id)"); batch.setText(1, row.status!); batch.setReal(2, row.amount!)
                batch.setInteger(3, row.count!); batch.setText(4, Self.versions[row.version].text)
                batch.commitRow(line: row.id + 2)
            }
        }
        fill(second[0..<2_500])
        try sink.write(batch)
        XCTAssertEqual(try admin.query("SELECT pg_terminate_backend($1)::int", [.integer(Int64(loading.backendPid))]), [[.integer(1)]])
        fill(second[2_500...])
        XCTAssertThrowsError(try { try sink.write(batch); try sink.finish(LoadedDelivery(file: Self.files[1], sha256: "x", bytes: 1, read: 5_000, loaded: 5_000, quarantined: 0)) }()) { error in
            guard case PostgresError.connectionLost(let endpoint, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(endpoint.host, cluster.directory)
        }
        sink.rollback()

        let reconnected = try store(PostgresConnection(cluster.url()))
        XCTAssertEqual(try reconnected.loadedDeliveries(), deliveriesBefore)
        XCTAssertEqual(try admin.query("SELECT * FROM \(schema).stg_registry_records ORDER BY record_id"), before)
        XCTAssertEqual(try admin.query("SELECT * FROM \(schema).quarantine ORDER BY line"), quarantineBefore)
        XCTAssertEqual(try admin.query("SELECT count(*) FROM \(schema).deliveries"), [[.integer(1)]])
        // And the next run loads it whole.
        try Self.load(Self.files[1], second, integerKeys: false, batchRows: 1000, into: reconnected)
        XCTAssertEqual(try admin.query("SELECT count(*), min(status), max(status) FROM \(schema).stg_registry_records"),
                       [[.integer(5_000), .text("second"), .text("second")]])
        try admin.execute("DROP SCHEMA \(schema) CASCADE")
    }

    /// Quarantined records beyond a chunk pause the rows' COPY (one COPY at a time per connection) and resume
    /// it: every row and every record arrives, in the delivery's one transaction.
    func testManyQuarantinedRecordsInterleaveWithTheRows() throws {
        let cluster = try TestCluster.start()
        let schema = schema()
        let connection = try PostgresConnection(cluster.url())
        try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        let sink = try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: "stg_registry_records",
                                             columns: Self.columns(integerKeys: true), upsert: Self.upsert)
        // Load twice: the second load of the file replaces its quarantine rather than adding to it.
        for _ in 0..<2 {
            let rows = (0..<7_000).map { Row(id: $0, version: $0 % 4, status: String(repeating: "q", count: 60), amount: nil, count: Int64($0)) }
            try Self.load(Self.files[0], rows, integerKeys: true, batchRows: 500, into: sink)
        }
        XCTAssertEqual(try connection.query("SELECT count(*), sum(count) FROM \(schema).stg_registry_records"),
                       [[.integer(7_000), .real(Double(6_999 * 7_000 / 2))]])
        XCTAssertEqual(try connection.query("SELECT count(*), count(DISTINCT line) FROM \(schema).quarantine"), [[.integer(1_000), .integer(1_000)]])
        try connection.execute("DROP SCHEMA \(schema) CASCADE")
    }

    /// A table declared with other columns is dropped with its deliveries (a full reload), as in SQLite.
    func testAChangedDeclarationStartsTheTableAgain() throws {
        let cluster = try TestCluster.start()
        let schema = schema()
        let connection = try PostgresConnection(cluster.url())
        try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        let sink = try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: "stg_registry_records",
                                             columns: Self.columns(integerKeys: false), upsert: Self.upsert)
        try Self.load(Self.files[0], [Row(id: 1, version: 0, status: "a", amount: 1, count: 1)], integerKeys: false, batchRows: 10, into: sink)
        let same = try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: "stg_registry_records",
                                             columns: Self.columns(integerKeys: false), upsert: Self.upsert)
        XCTAssertEqual(try same.loadedDeliveries().map(\.file), [Self.files[0]])
        let changed = try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: "stg_registry_records",
                                                columns: Self.columns(integerKeys: true), upsert: Self.upsert)
        XCTAssertEqual(try changed.loadedDeliveries(), [])
        XCTAssertEqual(try connection.query("SELECT data_type::text FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'record_id'",
                                            [.text(schema)]), [[.text("bigint")]])
        try connection.execute("DROP SCHEMA \(schema) CASCADE")
    }
}
