import Ingest
import MigstatCore
#if canImport(Glibc)
import Glibc
#endif

/// Cleans a delivery table (the registry) record by record straight from its fields' bytes, into a `RowBatch`
/// for the store: the checks and messages of `TableCleaner` and `ValueParser` (field count, encoding, required
/// values, codes, integers and ranges, dates, timestamps, references), but a value that is plainly valid is
/// taken without making a String. Anything else goes to `ValueParser`, so a rejection carries the same
/// reason as in every other source.
///
/// Duplicate keys are not defects here: a delivery repeats records on purpose, and the store's upsert keeps
/// the newest version.
public final class DeliveryCleaner {
    public let source: SourceConfig
    public let table: TableConfig
    /// The file as errors show it (raw/...), and as the quarantine names it (relative to raw/).
    public let displayPath: String
    public let file: String
    let columns: [ColumnConfig]
    let parser: ValueParser
    let referenceKeys: [String: Set<String>]
    /// One plain-data plan per declared column, read per field of millions of rows without reference counting.
    private let plans: UnsafeMutableBufferPointer<ColumnPlan>
    private let sets: [ByteSet]
    private let encoding: TextEncoding
    /// The delivery's date from its file name, and the last day (`yyyy-mm-dd` bytes) a date or timestamp of its
    /// rows may fall on; nil when the name carries no date.
    private let dated: (date: DeliveryDate, latest: [UInt8])?
    // Updated per row by the one thread that cleans: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var evidence = EncodingEvidence()
    @exclusivity(unchecked) public private(set) var headerSeen = false
    @exclusivity(unchecked) public private(set) var read = 0
    @exclusivity(unchecked) public private(set) var quarantined = 0

    /// How a column's plainly valid values are recognised without a String; `slow` always asks ValueParser.
    enum FastKind: UInt8 { case text, code, reference, integer, isoDate, timestamp, slow }

    struct ColumnPlan {
        var position = 0
        var kind = FastKind.slow
        var required = true
        var min = -Double.infinity, max = Double.infinity
        /// For `code` and `reference`: the index of the column's set in `sets`.
        var set = -1
    }

    public init(source: SourceConfig, table: TableConfig, columns: [ColumnConfig], displayPath: String, file: String,
                referenceKeys: [String: Set<String>] = [:]) {
        self.source = source; self.table = table; self.columns = columns; self.displayPath = displayPath; self.file = file
        self.referenceKeys = referenceKeys
        parser = ValueParser(format: source.format)
        encoding = source.format.encoding
        dated = DeliveryDate(fileName: file).map { ($0, Array($0.latestAllowed.utf8)) }
        let isoDates = source.format.date.lowercased() == "yyyy-mm-dd"
        var sets: [ByteSet] = []
        plans = .allocate(capacity: columns.count)
        for (i, c) in columns.enumerated() {
            var plan = ColumnPlan()
            plan.required = c.required
            if let r = c.range { plan.min = r.first.flatMap { $0 } ?? -.infinity; plan.max = r.count > 1 ? (r[1] ?? .infinity) : .infinity }
            switch c.type {
            case .text:
                if let ref = c.references {
                    if let keys = referenceKeys[ref] { plan.kind = .reference; plan.set = sets.count; sets.append(ByteSet(keys)) }
                } else {
                    plan.kind = .text
                }
            case .code: plan.kind = .code; plan.set = sets.count; sets.append(ByteSet(c.codes.map(\.code)))
            case .integer: plan.kind = .integer
            case .date: plan.kind = isoDates ? .isoDate : .slow
            case .timestamp: plan.kind = .timestamp
            case .decimal: plan.kind = .slow
            }
            // No-answer codes are kept as delivered and skip reference checks: ValueParser knows those rules.
            if !c.noAnswer.isEmpty { plan.kind = .slow }
            plans[i] = plan
        }
        self.sets = sets
    }

    deinit {
        plans.deallocate()
    }

    /// Checks the header against the declaration with `TableCleaner`'s rules and messages.
    public func readHeader<R: DeliveryRecord>(_ record: R) throws {
        var headerCheck = TableCleaner(source: source, table: table, columns: columns, displayPath: displayPath)
        let names = (0..<record.count).map { String(decoding: record.field($0), as: UTF8.self) as String? }
        try headerCheck.consume(CSVRecord(line: record.line, fields: names))
        for (i, position) in headerCheck.positions.enumerated() { plans[i].position = position }
        headerSeen = true
    }

    /// Cleans one data record into `batch` (as its next row), or returns why it is quarantined; a strict
    /// source throws instead. `decoded`: the fields are already UTF-8 text (from the full reader).
    public func clean<R: DeliveryRecord>(_ record: R, into batch: RowBatch, decoded: Bool = false) throws -> QuarantineRecord? {
        read += 1
        batch.beginRow()
        let rejection: QuarantineRecord?
        do { rejection = try check(record, into: batch, decoded: decoded) } catch { batch.discardRow(); throw error }
        if let rejection {
            batch.discardRow()
            try quarantine(rejection)
            return rejection
        }
        batch.commitRow(line: record.line)
        return nil
    }

    /// A record the full reader found defective (malformed quoting, a bad field count, undecodable bytes).
    public func clean(defective record: CSVRecord, _ defect: RecordDefect) throws -> QuarantineRecord {
        read += 1
        let q = QuarantineRecord(source: source.id, file: file, line: record.line, column: defect.column ?? "", value: defect.value, reason: defect.reason)
        try quarantine(q)
        return q
    }

    /// After the last record: a file whose rows are mostly UTF-8 where windows-1251 is declared is mislabelled.
    public func finish() throws {
        if let (line, defect) = evidence.mislabelled() {
            throw MigstatError.data(Location(source: source.id, file: displayPath, line: line, column: defect.column), value: defect.value, message: defect.reason)
        }
    }

    private func quarantine(_ q: QuarantineRecord) throws {
        quarantined += 1
        if source.mode == .strict {
            throw MigstatError.data(Location(source: source.id, file: displayPath, line: q.line, column: q.column.isEmpty ? nil : q.column),
                                    value: q.value, message: q.reason)
        }
    }

    /// The fast pass: every field plainly valid, nothing allocated. Anything else (a bad value, bytes that
    /// need decoding, a wrong field count) goes to `checkFully`, which gives the verdict in TableCleaner's order.
    private func check<R: DeliveryRecord>(_ record: R, into batch: RowBatch, decoded: Bool) throws -> QuarantineRecord? {
        let columnCount = plans.count
        if record.count == columnCount {
            var plain = true
            for c in 0..<columnCount {
                let plan = plans[c]
                let bytes = record.field(plan.position)
                if bytes.isEmpty {
                    switch ColumnVerdict.empty(required: plan.required, isText: columns[c].type == .text, unquoted: record.isNull(plan.position)) {
                    case .null: batch.setNull(c)
                    case .emptyText where plan.kind == .text: batch.setText(c, bytes)   // no reference, no no-answer code: "" as it is
                    case .emptyText, .missing: plain = false
                    }
                    if !plain { break }
                } else if plan.kind == .text && !FieldBytes.isPlainText(bytes, encoding: decoded ? .utf8 : encoding) {
                    plain = false; break
                } else if !fastCheck(plan, bytes, c, batch) {
                    plain = false; break
                }
            }
            if plain { return nil }
        }
        batch.discardRow()
        batch.beginRow()
        return try checkFully(record, into: batch, decoded: decoded)
    }

    private func checkFully<R: DeliveryRecord>(_ record: R, into batch: RowBatch, decoded: Bool) throws -> QuarantineRecord? {
        let columnCount = plans.count
        if record.count != columnCount {
            return reject(record, "", try record.text(), "expected \(columnCount) fields as in the header, found \(record.count)")
        }
        // As the reader does, the first field (in file order) that is not text in the declared encoding is the problem.
        var texts: [Int: String] = [:]
        if !decoded {
            for i in 0..<record.count where !FieldBytes.isPlainText(record.field(i), encoding: encoding) {
                switch TextDecoder.decode(record.field(i), as: encoding) {
                case .success(let s): texts[i] = s
                case .failure(let p):
                    let name = (0..<columnCount).first { plans[$0].position == i }.map { columns[$0].name } ?? "#\(i + 1)"
                    // A UTF-8 row in a lenient windows-1251 source is quarantined; a strict one stops at it (quarantine(_:)).
                    let lenientUTF8 = p.wrongEncoding && source.mode == .lenient
                    return reject(record, name, p.value, lenientUTF8 ? evidence.noteUTF8Row(line: record.line, column: name, p) : p.message)
                }
            }
            if encoding == .windows1251 && !texts.isEmpty { evidence.noteWindows1251Row() }
        }
        for c in 0..<columnCount {
            let plan = plans[c]
            let bytes = record.field(plan.position)
            if bytes.isEmpty {
                if let q = slowCheck(record.isNull(plan.position) ? nil : "", c, batch, record) { return q }
            } else if let text = texts[plan.position] {
                // Transcoded text (windows-1251) is checked as a String.
                if let q = slowCheck(text, c, batch, record) { return q }
            } else if !fastCheck(plan, bytes, c, batch), let q = slowCheck(String(decoding: bytes, as: UTF8.self), c, batch, record) {
                return q
            }
        }
        return nil
    }

    private func reject<R: DeliveryRecord>(_ record: R, _ column: String, _ value: String, _ reason: String) -> QuarantineRecord {
        QuarantineRecord(source: source.id, file: file, line: record.line, column: column, value: value, reason: reason)
    }

    /// Accepts a plainly valid value into the batch; false means "ask ValueParser".
    private func fastCheck(_ plan: ColumnPlan, _ b: UnsafeRawBufferPointer, _ c: Int, _ batch: RowBatch) -> Bool {
        switch plan.kind {
        case .text:
            batch.setText(c, b)
            return true
        case .code, .reference:
            guard sets[plan.set].contains(b) else { return false }
            batch.setText(c, b)
            return true
        case .integer:
            guard b.count <= 18 else { return false }
            var i = 0, negative = false, value: Int64 = 0
            if b[0] == 45 { negative = true; i = 1 }
            guard i < b.count else { return false }
            while i < b.count {
                let d = b[i] &- 48
                guard d < 10 else { return false }
                value = value * 10 + Int64(d)
                i += 1
            }
            if negative { value = -value }
            guard Double(value) >= plan.min, Double(value) <= plan.max else { return false }
            batch.setInteger(c, value)
            return true
        case .isoDate:
            guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
            func number(_ from: Int, _ to: Int) -> Int? {
                var v = 0
                for k in from..<to { let d = b[k] &- 48; guard d < 10 else { return nil }; v = v * 10 + Int(d) }
                return v
            }
            guard let y = number(0, 4), let m = number(5, 7), let d = number(8, 10),
                  DatePattern.isValid(year: y, month: m, day: d), !isAfterDelivery(b) else { return false }
            batch.setText(c, b)
            return true
        case .timestamp:
            // The usual case, already canonical (yyyy-mm-ddThh:mm:ssZ), is stored as it is.
            if Timestamp.isCanonical(b) {
                guard !isAfterDelivery(b) else { return false }
                batch.setText(c, b)
                return true
            }
            guard let canonical = Timestamp.canonical(b), !canonical.withUnsafeBytes(isAfterDelivery) else { return false }
            canonical.withUnsafeBytes { batch.setText(c, $0) }
            return true
        case .slow:
            return false
        }
    }

    /// Whether a canonical date or timestamp lies after the last day this delivery's rows may carry.
    private func isAfterDelivery(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let dated else { return false }
        return DeliveryDate.isAfter(value, latest: dated.latest)
    }

    /// The general path: `ColumnVerdict`, TableCleaner's rule. `raw` is nil for an empty unquoted field.
    private func slowCheck<R: DeliveryRecord>(_ raw: String?, _ c: Int, _ batch: RowBatch, _ record: R) -> QuarantineRecord? {
        switch ColumnVerdict.of(raw, column: columns[c], parser: parser, referenceKeys: referenceKeys) {
        case .null:
            batch.setNull(c)
            return nil
        case .value(let v):
            if let dated, [.date, .timestamp].contains(columns[c].type), case .text(let canonical) = v,
               Array(canonical.utf8).withUnsafeBytes(isAfterDelivery) {
                return reject(record, columns[c].name, raw ?? canonical,
                              "\(columns[c].name) is after the delivery's date \(dated.date.iso) (from its file name) plus one day")
            }
            switch v {
            case .null: batch.setNull(c)
            case .integer(let i): batch.setInteger(c, i)
            case .real(let d): batch.setReal(c, d)
            case .text(let s): batch.setText(c, s)
            }
            return nil
        case .rejected(let value, let reason):
            return reject(record, columns[c].name, value, reason)
        }
    }
}
