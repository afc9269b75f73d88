// COPY + upsert of PostgresDeliveryStore against a PostgreSQL server, for scripts/bench-postgres.sh:
// generates N registry-shaped rows (distinct keys in random order, so that psql's \copy into a table keyed by
// record_id takes them too), writes them as a CSV file for `psql \copy`, and times loading the same rows as one delivery
// (begin, batches of 4096, finish: COPY into the staging table, the DISTINCT ON + ON CONFLICT upsert, commit).
// Not part of the pipeline: the rows come from memory, so this measures the store alone, not parsing or cleaning.
//
//   postgres-bench <conninfo> <rows> <csv-out> [schema]
import Foundation
import MigstatCore
import Postgres
import Store

let arguments = CommandLine.arguments
guard arguments.count >= 4, let total = Int(arguments[2]) else {
    report("usage: postgres-bench <conninfo> <rows> <csv-out> [schema]\n")
    exit(64)
}
let schema = arguments.count > 4 ? arguments[4] : "bench"
let names = ["record_id", "person_id", "citizenship", "sex", "birth_date", "host_region", "arrival_date", "purpose", "status", "updated_at"]
let columns = names.map { name -> ColumnConfig in
    ColumnConfig(name: name, type: name == "updated_at" ? .timestamp : name.hasSuffix("_date") ? .date : .text)
}
let upsert = try JSONDecoder().decode(UpsertConfig.self, from: Data(#"{"key": "record_id", "version": "updated_at"}"#.utf8))

/// Row i's fields: a permuted key (a multiplicative hash of i modulo a prime above the row count: distinct for i < prime).
func fields(_ i: Int) -> [String] {
    let prime = 10_000_019
    let key = i &* 7_368_787 % prime
    let day = 1 + (i % 28), hour = i % 24
    return ["R\(key)", "P\(key % 400_000)", ["TJK", "UZB", "KGZ"][i % 3], i % 2 == 0 ? "M" : "F",
            "19\(70 + i % 30)-0\(1 + i % 9)-\(10 + i % 18)", "RU-MOW", "2014-01-\(10 + i % 18)", "work",
            ["registered", "expired", "deregistered"][i % 3], "2014-02-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"]
}

/// A line on standard error; a failed write is not worth a trap.
func report(_ line: String) { try? FileHandle.standardError.write(contentsOf: Data(line.utf8)) }

// The CSV for psql's \copy (no field needs quoting).
let csv = FileHandle(forWritingAtPath: arguments[3]) ?? {
    _ = FileManager.default.createFile(atPath: arguments[3], contents: nil)
    return FileHandle(forWritingAtPath: arguments[3])!
}()
/// Writes to the CSV, or stops: a \copy of a cut file would measure nothing.
func write(_ text: String) {
    do { try csv.write(contentsOf: Data(text.utf8)) } catch { report("postgres-bench: cannot write \(arguments[3]): \(error)\n"); exit(74) }
}
var text = names.joined(separator: ",") + "\n"
for i in 0..<total {
    text += fields(i).joined(separator: ",") + "\n"
    if text.utf8.count > 1 << 20 { write(text); text = "" }
}
write(text)
csv.closeFile()

// The same rows in batches, packed before the clock starts.
var batches: [RowBatch] = []
var batch = RowBatch(columns: columns.count, capacity: 4096)
for i in 0..<total {
    batch.beginRow()
    for (c, f) in fields(i).enumerated() { batch.setText(c, f) }
    batch.commitRow(line: i + 2)
    if batch.isFull { batches.append(batch); batch = RowBatch(columns: columns.count, capacity: 4096) }
}
if batch.count > 0 { batches.append(batch) }

do {
    let connection = try PostgresConnection(arguments[1])
    try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    let store = try PostgresDeliveryStore(connection: connection, schema: schema, source: "registry", tableName: StoreTableName.staged(source: "registry", table: "records"),
                                          columns: columns, upsert: upsert)
    for (label, file) in [("first load (empty table)", "registry_1.csv"), ("second load (every row an update or unchanged)", "registry_2.csv")] {
        let started = Date()
        try store.begin(file: file)
        for b in batches { try store.write(b) }
        let copied = Date().timeIntervalSince(started)
        let applied = try store.finish(LoadedDelivery(file: file, sha256: "", bytes: 0, read: total, loaded: total, quarantined: 0))
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "%@: %d rows in %.2f s (%.0f rows/s): COPY %.2f s, upsert %.2f s, commit %.2f s; %d rows applied",
                     label, total, seconds, Double(total) / seconds, copied, store.mergeSeconds, store.commitSeconds, applied))
    }
} catch {
    report("postgres-bench: \(error)\n")
    exit(69)
}
